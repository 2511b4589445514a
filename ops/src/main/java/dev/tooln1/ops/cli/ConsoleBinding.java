package dev.tooln1.ops.cli;

import java.util.Optional;

/**
 * Where a console listens and the token it asks for off loopback, as {@code tooln1 server} and
 * {@code tooln1 console} both take them (under option names of their own), with the checks and the
 * start-up failure they share.
 *
 * @param portOption the option that gave {@code port}, named in messages
 */
record ConsoleBinding(String portOption, String host, int port, Optional<String> token) {

  /** Checks the port; a blank token is no token. */
  static ConsoleBinding of(String portOption, String host, int port, String token) {
    checkPort(portOption, port);
    return new ConsoleBinding(portOption, host, port, Optional.ofNullable(token).filter(t -> !t.isBlank()));
  }

  static void checkPort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new UsageException(option + " must be in 0..65535, was " + port);
    }
  }

  /**
   * What a failure to start the console means for the user: a busy port is a one-line failure that
   * says what to do; anything else stays as it is.
   */
  RuntimeException startFailure(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return new OpsFailure("cannot start the console on " + host + ":" + port
            + ": address in use (choose another " + portOption + ", or 0)");
      }
    }
    return e;
  }
}
