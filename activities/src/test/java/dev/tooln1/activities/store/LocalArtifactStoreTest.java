package dev.tooln1.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalArtifactStoreTest {

  @TempDir
  Path root;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putThenGetReturnsTheContentWithItsChecksum() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    ArtifactRef ref = store.put("data/train-00000.jsonl", bytes("{\"a\":1}\n"));
    assertThat(ref).isEqualTo(new ArtifactRef("data/train-00000.jsonl", Sha256.hex("{\"a\":1}\n"), 8));
    assertThat(store.get("data/train-00000.jsonl")).isEqualTo(bytes("{\"a\":1}\n"));
    assertThat(store.exists("data/train-00000.jsonl")).isTrue();
    assertThat(store.stat("data/train-00000.jsonl")).contains(ref);
    assertThat(store.verify("data/train-00000.jsonl")).isEqualTo(ref);
    // the sidecar is sha256sum's format
    assertThat(Files.readString(root.resolve("data/train-00000.jsonl.sha256")))
        .isEqualTo(ref.sha256() + "  train-00000.jsonl\n");
  }

  @Test
  void streamingPutAndEmptyArtifacts() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    ArtifactRef ref = store.put("ckpt/weights.bin", new ByteArrayInputStream(big));
    assertThat(ref.size()).isEqualTo(big.length);
    assertThat(ref.sha256()).isEqualTo(Sha256.hex(big));
    try (InputStream in = store.open("ckpt/weights.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
    assertThat(store.put("empty", new byte[0]).size()).isZero();
    assertThat(store.get("empty")).isEmpty();
  }

  @Test
  void samePutTwiceIsIdempotentAndDifferentContentConflicts() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    ArtifactRef a = store.put("m.json", bytes("one"));
    long modified = Files.getLastModifiedTime(root.resolve("m.json")).toMillis();
    assertThat(store.put("m.json", bytes("one"))).isEqualTo(a);
    assertThat(Files.getLastModifiedTime(root.resolve("m.json")).toMillis()).isEqualTo(modified);
    assertThatThrownBy(() -> store.put("m.json", bytes("two")))
        .isInstanceOf(ArtifactConflictException.class).hasMessageContaining("m.json");
    assertThat(store.get("m.json")).isEqualTo(bytes("one"));
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void corruptionIsDetectedOnReadAndVerify() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    store.put("r/rollouts.jsonl", bytes("abcdef"));
    Files.writeString(root.resolve("r/rollouts.jsonl"), "abcdeX");
    assertThatThrownBy(() -> store.get("r/rollouts.jsonl")).isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining("r/rollouts.jsonl").hasMessageContaining("corrupt");
    assertThatThrownBy(() -> store.verify("r/rollouts.jsonl")).isInstanceOf(ArtifactIntegrityException.class);
    // a fresh put of the right content repairs it
    store.put("r/rollouts.jsonl", bytes("abcdef"));
    assertThat(store.get("r/rollouts.jsonl")).isEqualTo(bytes("abcdef"));
  }

  @Test
  void aFileWithoutItsChecksumIsAnIncompleteWriteNotAnArtifact() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/half.json"), "{\"torn");
    assertThat(store.exists("d/half.json")).isFalse();
    assertThat(store.list("d/")).isEmpty();
    assertThatThrownBy(() -> store.get("d/half.json")).isInstanceOf(NoSuchFileException.class);
    assertThat(store.put("d/half.json", bytes("{}")).size()).isEqualTo(2);
    assertThatThrownBy(() -> store.get("nothing/here")).isInstanceOf(NoSuchFileException.class);
    assertThat(store.exists("nothing/here")).isFalse();
  }

  @Test
  void listsByPrefixSortedWithoutChecksumsOrTemporaryFiles() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    store.put("data/train-00001.jsonl", bytes("b"));
    store.put("data/train-00000.jsonl", bytes("a"));
    store.put("data/test-00000.jsonl", bytes("c"));
    store.put("data/nested/x.json", bytes("d"));
    store.put("step-1/rewards.jsonl", bytes("e"));
    Files.writeString(root.resolve("data/.tmp-123.part"), "junk");
    assertThat(store.list("data/train")).extracting(ArtifactRef::uri)
        .containsExactly("data/train-00000.jsonl", "data/train-00001.jsonl");
    assertThat(store.list("data/")).extracting(ArtifactRef::uri).containsExactly(
        "data/nested/x.json", "data/test-00000.jsonl", "data/train-00000.jsonl", "data/train-00001.jsonl");
    assertThat(store.list("")).hasSize(5);
    assertThat(store.list("step")).extracting(ArtifactRef::uri).containsExactly("step-1/rewards.jsonl");
    assertThat(store.list("nope/")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "a\\b", "C:/x",
      "x.sha256", ".tmp-1/x", "a/\u0000b"})
  void refusesUrisThatAreNotPlainRelativePaths(String uri) throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root.resolve("campaign"));
    assertThatThrownBy(() -> store.put(uri, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(uri)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.list(root).map(p -> p.getFileName().toString()).toList()).containsExactly("campaign");
  }

  @Test
  void refusesSymbolicLinksThatLeaveTheRoot() throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "s");
    Path campaign = Files.createDirectories(root.resolve("campaign"));
    Files.createSymbolicLink(campaign.resolve("escape"), outside);
    Files.createSymbolicLink(campaign.resolve("file-link"), outside.resolve("secret"));
    LocalArtifactStore store = new LocalArtifactStore(campaign);
    assertThatThrownBy(() -> store.put("escape/x", bytes("x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> store.get("escape/secret")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put("file-link", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.list(outside).map(p -> p.getFileName().toString()).toList()).containsExactly("secret");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void aNestedUriThatEscapesThroughALinkCreatesNothingOutsideTheRoot() throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path campaign = Files.createDirectories(root.resolve("campaign"));
    Files.createDirectories(campaign.resolve("checkpoints"));
    Files.createSymbolicLink(campaign.resolve("checkpoints/escape"), outside);
    Files.createSymbolicLink(campaign.resolve("dangling"), root.resolve("nowhere"));
    LocalArtifactStore store = new LocalArtifactStore(campaign);

    assertThatThrownBy(() -> store.put("checkpoints/escape/a/b/c.json", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> store.put("checkpoints/escape/a/b/c.json", new java.io.ByteArrayInputStream(bytes("x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> store.put("dangling/a/c.json", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
    try (var left = Files.list(outside)) {
      assertThat(left.toList()).as("nothing created behind the link").isEmpty();
    }
    assertThat(root.resolve("nowhere")).doesNotExist();

    // A link that stays inside the root is an ordinary folder.
    Files.createDirectories(campaign.resolve("real"));
    Files.createSymbolicLink(campaign.resolve("inside"), campaign.resolve("real"));
    store.put("inside/a/b/c.json", bytes("ok"));
    assertThat(campaign.resolve("real/a/b/c.json")).hasContent("ok");
  }

  @Test
  void concurrentWritersOfTheSameContentBothSucceed() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(root);
    byte[] content = new byte[200_000];
    java.util.Arrays.fill(content, (byte) 7);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 10; round++) {
        String uri = "race/" + round + ".bin";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ArtifactRef>> results = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          results.add(pool.submit(() -> {
            go.await();
            return new LocalArtifactStore(root).put(uri, content);
          }));
        }
        go.countDown();
        for (Future<ArtifactRef> f : results) {
          assertThat(f.get().sha256()).isEqualTo(Sha256.hex(content));
        }
        assertThat(store.verify(uri).size()).isEqualTo(content.length);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(leftovers()).isEmpty();
  }

  private List<Path> leftovers() throws Exception {
    try (var s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
    }
  }
}
