package dev.tooln1.activities.benchmarks.apibank;

import java.util.List;
import java.util.regex.Pattern;

/** Messages and media: SendEmail (address pattern check), PlayMusic (a music:// link; rule: output only). */
final class MessagingApis {

  private static final Pattern EMAIL = Pattern.compile("^[a-z0-9]+[\\._]?[a-z0-9]+[@]\\w+[.]\\w{2,3}$",
      Pattern.UNICODE_CHARACTER_CLASS);

  private MessagingApis() {}

  static List<ApiDefinition> all() {
    return List.of(sendEmail(), playMusic());
  }

  static ApiDefinition sendEmail() {
    return ApiDefinition.named("SendEmail").params("receiver", "subject", "content")
        .body((a, w) -> {
          String receiver = Py.strip(a.str("receiver"));
          String subject = Py.strip(a.str("subject"));
          String content = Py.strip(a.str("content"));
          if (!EMAIL.matcher(receiver).find()) {
            throw new ApiError("Email address of the receiver is invalid.");
          }
          if (subject.isEmpty()) {
            throw new ApiError("Subject cannot be empty.");
          }
          if (content.isEmpty()) {
            throw new ApiError("Content cannot be empty.");
          }
          return "success";
        })
        .checker((r, g) -> Py.lower(Py.strip(Checks.inStr(r, "receiver"))).equals(Py.lower(Py.strip(Checks.inStr(g, "receiver"))))
            && Py.strip(Checks.inStr(r, "subject")).equals(Py.strip(Checks.inStr(g, "subject")))
            && Py.strip(Checks.inStr(r, "content")).equals(Py.strip(Checks.inStr(g, "content")))
            && Checks.outputAndException(r, g));
  }

  static ApiDefinition playMusic() {
    return ApiDefinition.named("PlayMusic").params("music_name")
        .body((a, w) -> {
          String name = Py.strip(Py.lower(a.str("music_name")));
          if (name.isEmpty()) {
            throw new ApiError("The music name cannot be empty.");
          }
          return "music://" + name;
        })
        .checker((r, g) -> Py.eq(Checks.out(r), Checks.out(g)));
  }
}
