package dev.tooln1.activities.benchmarks.apibank;

/**
 * An exception raised inside an API's own {@code try} block: the API turns it into a result whose
 * {@code exception} field is this message ({@code str(e)} in Python) and whose output is None.
 */
public final class ApiError extends Exception {
  public ApiError(String message) {
    super(message);
  }
}
