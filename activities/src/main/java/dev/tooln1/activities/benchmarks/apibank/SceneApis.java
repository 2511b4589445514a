package dev.tooln1.activities.benchmarks.apibank;

import java.util.List;
import java.util.Map;

/** Smart-home scenes of level 1: QueryScene, DeleteScene (database Scenes; names compared lower-cased). */
final class SceneApis {

  private SceneApis() {}

  static List<ApiDefinition> all() {
    return List.of(query(), delete());
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryScene").params("name")
        .body((a, w) -> {
          String name = Py.lower(Py.strip(a.str("name")));
          if (name.isEmpty()) {
            throw new ApiError("Scene name cannot be empty.");
          }
          Map<String, Object> db = w.db("Scenes");
          if (db.containsKey(name)) {
            return db.get(name);
          }
          throw new ApiError("Scene not found.");
        })
        .checker(SceneApis::nameOutputException);
  }

  static ApiDefinition delete() {
    return ApiDefinition.named("DeleteScene").params("name")
        .body((a, w) -> {
          String name = Py.lower(Py.strip(a.str("name")));
          if (name.isEmpty()) {
            throw new ApiError("Scene name cannot be empty.");
          }
          Map<String, Object> db = w.db("Scenes");
          if (!db.containsKey(name)) {
            throw new ApiError("The scene does not exist.");
          }
          db.remove(name);
          return "success";
        })
        .checker(SceneApis::nameOutputException);
  }

  private static boolean nameOutputException(Map<String, Object> r, Map<String, Object> g) {
    return Py.lower(Py.strip(Checks.inStr(r, "name"))).equals(Py.lower(Py.strip(Checks.inStr(g, "name"))))
        && Checks.outputAndException(r, g);
  }
}
