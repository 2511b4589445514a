package dev.tooln1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tooln1.model.ModelConfig;
import org.junit.jupiter.api.Test;

class GradientsTest {

  @Test
  void clipsToGlobalNormAcrossAllTensors() {
    Qwen2Weights w = Qwen2Weights.random(ModelConfig.preset("tiny"), 1, 0.02);
    Gradients g = new Gradients(w);
    g.get(Qwen2Weights.EMBED).putScalar(0, 3.0);
    g.get(Qwen2Weights.FINAL_NORM).putScalar(1, 4.0);
    assertThat(g.globalNorm()).isCloseTo(5.0, offset(1e-6));
    double before = g.clipGlobalNorm(1.0);
    assertThat(before).isCloseTo(5.0, offset(1e-6));
    assertThat(g.globalNorm()).isCloseTo(1.0, offset(1e-5));
    assertThat(g.get(Qwen2Weights.EMBED).getDouble(0)).isCloseTo(0.6, offset(1e-5));
    assertThat(g.clipGlobalNorm(10.0)).isCloseTo(1.0, offset(1e-5));
    assertThat(g.globalNorm()).isCloseTo(1.0, offset(1e-5)); // below the limit: unchanged
  }
}
