package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.store.ArtifactIntegrityException;
import dev.tooln1.activities.store.LocalArtifactStore;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines artifacts of a campaign: written whole, read back verified against a ref. */
final class JsonLines {

  private JsonLines() {}

  static byte[] toBytes(List<? extends JsonNode> lines) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode n : lines) {
      sb.append(Json.compact(n)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static ArtifactRef put(LocalArtifactStore store, String uri, byte[] bytes) throws IOException {
    var r = store.put(uri, bytes);
    return new ArtifactRef(r.uri(), r.sha256());
  }

  /** The artifact's lines; its content must verify and match {@code ref.sha256}. */
  static List<ObjectNode> read(LocalArtifactStore store, ArtifactRef ref) throws IOException {
    byte[] bytes;
    try {
      bytes = store.get(ref.uri());
    } catch (NoSuchFileException | ArtifactIntegrityException e) {
      throw CampaignError.corruptData(store.root().resolve(ref.uri()) + ": " + e.getMessage(), e);
    }
    String sha = dev.tooln1.activities.store.Sha256.hex(bytes);
    if (!sha.equals(ref.sha256())) {
      throw CampaignError.corruptData(store.root().resolve(ref.uri()) + ": sha256 " + sha
          + " differs from the ref " + ref.sha256(), null);
    }
    return parse(bytes, store.root().resolve(ref.uri()).toString());
  }

  /** The artifact's lines if it exists and verifies, else null. */
  static List<ObjectNode> readExisting(LocalArtifactStore store, String uri) throws IOException {
    if (!store.exists(uri)) {
      return null;
    }
    try {
      return parse(store.get(uri), store.root().resolve(uri).toString());
    } catch (ArtifactIntegrityException e) {
      return null;
    }
  }

  static List<ObjectNode> parse(byte[] bytes, String origin) {
    List<ObjectNode> out = new ArrayList<>();
    int line = 0;
    for (String s : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      line++;
      if (s.isEmpty()) {
        continue;
      }
      JsonNode n;
      try {
        n = Json.parse(s);
      } catch (RuntimeException e) {
        throw CampaignError.corruptData(origin + ":" + line + ": not JSON: " + e.getMessage(), e);
      }
      if (!(n instanceof ObjectNode o)) {
        throw CampaignError.corruptData(origin + ":" + line + ": not a JSON object", null);
      }
      out.add(o);
    }
    return out;
  }

  static ArtifactRef ref(dev.tooln1.activities.store.ArtifactRef r) {
    return new ArtifactRef(r.uri(), r.sha256());
  }
}
