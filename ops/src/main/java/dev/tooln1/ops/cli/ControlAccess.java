package dev.tooln1.ops.cli;

import com.google.inject.Injector;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a running orchestrator shares, as one picocli mixin: the options
 * that say where it is ({@link TemporalOptions}), a {@link ControlSession} opened there, and the
 * command's output. Picocli builds it through the Guice command factory, so the commands that mix it
 * in need no injector of their own.
 */
public final class ControlAccess {

  @Mixin
  TemporalOptions temporal;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private final Injector injector;

  @Inject
  ControlAccess(Injector injector) {
    this.injector = injector;
  }

  /** Connects to the orchestrator's Temporal server; see {@link TemporalOptions#connect}. */
  ControlSession open() {
    return ControlSession.open(injector, temporal);
  }

  TemporalOptions temporal() {
    return temporal;
  }

  Path campaignsDir() {
    return temporal.campaignsDir();
  }

  /** The command's standard output. */
  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /** The command's error output. */
  PrintWriter err() {
    return command.commandLine().getErr();
  }
}
