package dev.tooln1.model.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tracks off-heap arrays made during a pass and frees them on {@link #close()}, so memory does not wait
 * for the Java GC (ND4J releases off-heap buffers only when their Java objects are collected).
 */
final class Scratch implements AutoCloseable {

  private final List<INDArray> arrays = new ArrayList<>();

  <T extends INDArray> T t(T a) {
    arrays.add(a);
    return a;
  }

  @Override
  public void close() {
    for (INDArray a : arrays) {
      if (a.closeable() && !a.wasClosed()) {
        a.close();
      }
    }
    arrays.clear();
  }
}
