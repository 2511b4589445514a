package dev.tooln1.activities.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Independent jobs 0..n-1 on up to {@code threads} threads, their results handed on in job order.
 * Each job must compute the same result whichever thread runs it (a sampling batch with its own
 * seeds, an evaluation batch), so the output does not depend on the thread count.
 */
final class OrderedParallel {

  private OrderedParallel() {}

  /**
   * Runs the jobs and passes each result to {@code inOrder} as soon as it and all earlier ones are
   * done (progress reports stay in order and on the calling thread).
   */
  static <R> void run(int threads, int n, IntFunction<R> job, Consumer<R> inOrder) {
    if (threads <= 1 || n <= 1) {
      for (int i = 0; i < n; i++) {
        inOrder.accept(job.apply(i));
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
      Thread t = new Thread(r, "tooln1-compute");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>(Collections.nCopies(n, null));
      for (int i = 0; i < n; i++) {
        final int index = i;
        futures.set(i, pool.submit(() -> job.apply(index)));
      }
      for (int i = 0; i < n; i++) {
        inOrder.accept(futures.get(i).get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new UncheckedIOException(c instanceof IOException io ? io : new IOException(c));
    } finally {
      pool.shutdownNow();
    }
  }
}
