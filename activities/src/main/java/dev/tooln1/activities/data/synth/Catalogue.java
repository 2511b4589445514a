package dev.tooln1.activities.data.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The synthetic world's tools: short descriptions, small schemas, and for each a generator of
 * requests with many paraphrases whose argument values appear verbatim in the request (cities,
 * currency codes, numbers, ISO dates, quoted phrases), so a small model can learn to copy them.
 */
final class Catalogue {

  /** One request: its text and the call that answers it exactly. */
  record Draw(String text, ToolCall call) {}

  /** A tool and the generator of requests for it; {@code nested} tools take list/object values. */
  record Tool(ToolSpec spec, Function<Random, Draw> requests, boolean nested) {
    String name() {
      return spec.name();
    }
  }

  static final List<String> CITIES = List.of(
      "Paris", "London", "Tokyo", "Berlin", "Madrid", "Rome", "Oslo", "Cairo", "Lima", "Sydney",
      "Toronto", "Chicago", "Boston", "Dublin", "Vienna", "Prague", "Lisbon", "Athens", "Seoul",
      "Mumbai", "Dubai", "Nairobi", "Warsaw", "Zurich", "Milan", "Munich", "Amsterdam", "Brussels",
      "Stockholm", "Helsinki", "Denver", "Seattle", "Austin", "Miami", "Bogota", "Santiago", "Lyon",
      "Nice", "Porto", "Kyoto");
  static final List<String> CURRENCIES = List.of(
      "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "SEK", "NOK", "MXN");
  static final List<String[]> UNIT_PAIRS = List.of(
      new String[] {"km", "miles"}, new String[] {"miles", "km"}, new String[] {"kg", "pounds"},
      new String[] {"pounds", "kg"}, new String[] {"liters", "gallons"}, new String[] {"gallons", "liters"},
      new String[] {"meters", "feet"}, new String[] {"feet", "meters"}, new String[] {"cm", "inches"},
      new String[] {"inches", "cm"}, new String[] {"celsius", "fahrenheit"}, new String[] {"fahrenheit", "celsius"});
  static final List<String> SYMBOLS = List.of(
      "AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "NVDA", "IBM", "ORCL", "META", "NFLX", "INTC", "SAP");
  static final List<String> LANGUAGES = List.of(
      "Spanish", "French", "German", "Italian", "Japanese", "Portuguese", "Dutch", "Korean", "Greek");
  static final List<String> PHRASES = List.of(
      "good morning", "thank you", "where is the station", "see you tomorrow", "how much is this",
      "I am hungry", "happy birthday", "good night", "the bill please", "nice to meet you",
      "I love music", "open the door");
  static final List<String> TOPICS = List.of(
      "electric cars", "jazz history", "vegan recipes", "solar panels", "chess openings",
      "marathon training", "black holes", "tax deadlines", "cheap flights", "best hiking trails",
      "python tutorials", "home workouts", "ancient Rome", "coffee brewing", "bird migration");
  static final List<String> CHORES = List.of(
      "call mom", "pay rent", "water the plants", "renew my passport", "buy milk", "book the dentist",
      "send the invoice", "walk the dog", "back up my laptop", "return the library books");
  static final List<String> TITLES = List.of(
      "Team sync", "Dentist", "Project review", "Lunch with Sam", "Yoga class", "Budget meeting",
      "Book club", "Car service", "Piano lesson", "Sprint planning");
  static final List<String> PEOPLE = List.of(
      "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy");
  static final List<String> SUBJECTS = List.of(
      "Budget review", "Weekly report", "Holiday plans", "Launch update", "Invoice", "Team dinner",
      "Contract draft", "Travel plans");
  static final List<String> CHIT_CHAT = List.of(
      "Tell me a joke.", "Write a haiku about autumn.", "Who painted the Mona Lisa?",
      "What's your favorite movie?", "Explain photosynthesis in one sentence.", "Recommend a good book.",
      "How are you today?", "What is the capital of Peru?", "Give me a fun fact about octopuses.",
      "Why is the sky blue?", "Suggest a name for my cat.", "What rhymes with orange?",
      "Summarize the plot of Hamlet.", "How do I boil an egg?", "Who wrote Pride and Prejudice?",
      "What is the meaning of life?", "Tell me something interesting about Mars.",
      "Write a short poem about the sea.", "What should I cook tonight?", "How many legs does a spider have?",
      "Describe a sunset in three words.", "What is a prime number?", "Can you sing a song?",
      "Invent a riddle for me.", "What's the best way to learn chess?");
  static final List<String> CHAT_OPENERS = List.of("", "Hey, ", "Quick question: ", "Hi! ");

  final List<Tool> tools;

  Catalogue() {
    tools = List.of(
        new Tool(tool("get_weather", "Get the current weather for a city.",
            param("city", "string", "City name", true),
            enumParam("unit", "Temperature unit", false, "celsius", "fahrenheit")), Catalogue::weather, false),
        new Tool(tool("convert_currency", "Convert money between currencies.",
            param("amount", "number", "Amount to convert", true),
            param("from_currency", "string", "Currency code to convert from", true),
            param("to_currency", "string", "Currency code to convert to", true)), Catalogue::currency, false),
        new Tool(tool("create_event", "Add an event to the calendar.",
            param("title", "string", "Event title", true),
            param("date", "string", "Date, YYYY-MM-DD", true),
            param("time", "string", "Start time, HH:MM", false)), Catalogue::event, false),
        new Tool(tool("convert_units", "Convert a value between units.",
            param("value", "number", "Value to convert", true),
            param("from_unit", "string", "Unit of the value", true),
            param("to_unit", "string", "Target unit", true)), Catalogue::units, false),
        new Tool(tool("web_search", "Search the web.",
            param("query", "string", "Search terms", true),
            param("max_results", "integer", "Number of results", false)), Catalogue::search, false),
        new Tool(tool("calculate", "Do arithmetic on two numbers.",
            enumParam("operation", "Operation", true, "add", "subtract", "multiply", "divide"),
            param("a", "number", "First number", true),
            param("b", "number", "Second number", true)), Catalogue::calculate, false),
        new Tool(tool("get_time", "Get the local time in a city.",
            param("city", "string", "City name", true)), Catalogue::time, false),
        new Tool(tool("translate_text", "Translate text into a language.",
            param("text", "string", "Text to translate", true),
            param("target_language", "string", "Language to translate into", true)), Catalogue::translate, false),
        new Tool(tool("get_stock_price", "Get the latest price of a stock.",
            param("symbol", "string", "Ticker symbol", true)), Catalogue::stock, false),
        new Tool(tool("set_reminder", "Set a reminder for a date.",
            param("message", "string", "What to remember", true),
            param("date", "string", "Date, YYYY-MM-DD", true)), Catalogue::reminder, false),
        new Tool(tool("send_email", "Send an email.",
            arrayParam("to", "Recipient names", true),
            param("subject", "string", "Subject line", true)), Catalogue::email, true),
        new Tool(tool("schedule_meeting", "Schedule a meeting with people.",
            param("date", "string", "Date, YYYY-MM-DD", true),
            arrayParam("attendees", "Names of attendees", true)), Catalogue::meeting, true),
        new Tool(tool("book_hotel", "Book a hotel room.",
            param("city", "string", "City name", true),
            stayParam()), Catalogue::hotel, true),
        new Tool(tool("plan_route", "Plan a route through stops in order.",
            arrayParam("stops", "Cities in visiting order", true)), Catalogue::route, true));
  }

  // ---- request generators -------------------------------------------------------------------

  private static Draw weather(Random r) {
    String city = pick(r, CITIES);
    if (r.nextInt(3) == 0) {
      String unit = r.nextBoolean() ? "celsius" : "fahrenheit";
      String t = pick(r, List.of(
          "What's the weather in {city} in {unit}?", "Give me the temperature in {city} in {unit}.",
          "Check the weather for {city} and show it in {unit}.", "How warm is it in {city}? Use {unit}."));
      return new Draw(fill(t, Map.of("city", city, "unit", unit)),
          call("get_weather", "city", text(city), "unit", text(unit)));
    }
    String t = pick(r, List.of(
        "What's the weather in {city}?", "How is the weather in {city} today?",
        "Tell me the current weather for {city}.", "Is it sunny in {city} right now?",
        "Weather in {city}, please.", "Can you check the weather in {city}?",
        "What's it like outside in {city}?", "Do I need an umbrella in {city}?"));
    return new Draw(fill(t, Map.of("city", city)), call("get_weather", "city", text(city)));
  }

  private static Draw currency(Random r) {
    String from = pick(r, CURRENCIES);
    String to = pickOther(r, CURRENCIES, from);
    BigDecimal amount = amount(r);
    String t = pick(r, List.of(
        "Convert {amount} {from} to {to}.", "How much is {amount} {from} in {to}?",
        "What is {amount} {from} worth in {to}?", "Exchange {amount} {from} into {to}, please.",
        "I need {amount} {from} converted to {to}.", "Change {amount} {from} to {to}.",
        "How many {to} do I get for {amount} {from}?"));
    return new Draw(fill(t, Map.of("amount", amount.toPlainString(), "from", from, "to", to)),
        call("convert_currency", "amount", num(amount), "from_currency", text(from), "to_currency", text(to)));
  }

  private static Draw event(Random r) {
    String title = pick(r, TITLES);
    String date = date(r);
    if (r.nextBoolean()) {
      String time = String.format("%02d:%02d", 7 + r.nextInt(13), 15 * r.nextInt(4));
      String t = pick(r, List.of(
          "Add \"{title}\" to my calendar on {date} at {time}.", "Create an event \"{title}\" on {date} at {time}.",
          "Book \"{title}\" for {date} at {time} in my calendar.", "Put \"{title}\" on {date} at {time}."));
      return new Draw(fill(t, Map.of("title", title, "date", date, "time", time)),
          call("create_event", "title", text(title), "date", text(date), "time", text(time)));
    }
    String t = pick(r, List.of(
        "Add \"{title}\" to my calendar on {date}.", "Create an event called \"{title}\" on {date}.",
        "Put \"{title}\" in my calendar for {date}.", "Schedule \"{title}\" on {date}.",
        "New calendar entry: \"{title}\" on {date}."));
    return new Draw(fill(t, Map.of("title", title, "date", date)),
        call("create_event", "title", text(title), "date", text(date)));
  }

  private static Draw units(Random r) {
    String[] pair = UNIT_PAIRS.get(r.nextInt(UNIT_PAIRS.size()));
    BigDecimal value = amount(r);
    String t = pick(r, List.of(
        "Convert {value} {from} to {to}.", "How many {to} is {value} {from}?",
        "What is {value} {from} in {to}?", "Express {value} {from} in {to}.",
        "Turn {value} {from} into {to}."));
    return new Draw(fill(t, Map.of("value", value.toPlainString(), "from", pair[0], "to", pair[1])),
        call("convert_units", "value", num(value), "from_unit", text(pair[0]), "to_unit", text(pair[1])));
  }

  private static Draw search(Random r) {
    String q = pick(r, TOPICS);
    if (r.nextInt(3) == 0) {
      int n = 2 + r.nextInt(9);
      String t = pick(r, List.of(
          "Search the web for \"{q}\" and show {n} results.", "Give me the top {n} results for \"{q}\".",
          "Find {n} pages about \"{q}\"."));
      return new Draw(fill(t, Map.of("q", q, "n", Integer.toString(n))),
          call("web_search", "query", text(q), "max_results", Json.MAPPER.getNodeFactory().numberNode(n)));
    }
    String t = pick(r, List.of(
        "Search the web for \"{q}\".", "Look up \"{q}\" online.", "Find information about \"{q}\".",
        "Can you search for \"{q}\"?", "Google \"{q}\" for me.", "I want to read about \"{q}\"."));
    return new Draw(fill(t, Map.of("q", q)), call("web_search", "query", text(q)));
  }

  private static Draw calculate(Random r) {
    int a = 1 + r.nextInt(999);
    int b = 1 + r.nextInt(999);
    String op = pick(r, List.of("add", "subtract", "multiply", "divide"));
    List<String> templates = switch (op) {
      case "add" -> List.of("What is {a} plus {b}?", "Add {a} and {b}.", "Calculate the sum of {a} and {b}.");
      case "subtract" -> List.of("What is {a} minus {b}?", "Calculate {a} minus {b}.", "Take {b} away from {a}.");
      case "multiply" -> List.of("What is {a} times {b}?", "Multiply {a} by {b}.",
          "Calculate the product of {a} and {b}.");
      default -> List.of("What is {a} divided by {b}?", "Divide {a} by {b}.", "Calculate {a} over {b}.");
    };
    return new Draw(fill(pick(r, templates), Map.of("a", Integer.toString(a), "b", Integer.toString(b))),
        call("calculate", "operation", text(op), "a", Json.MAPPER.getNodeFactory().numberNode(a),
            "b", Json.MAPPER.getNodeFactory().numberNode(b)));
  }

  private static Draw time(Random r) {
    String city = pick(r, CITIES);
    String t = pick(r, List.of(
        "What time is it in {city}?", "Tell me the local time in {city}.", "Current time in {city}, please.",
        "What's the time in {city} now?", "Is it late in {city} right now?"));
    return new Draw(fill(t, Map.of("city", city)), call("get_time", "city", text(city)));
  }

  private static Draw translate(Random r) {
    String phrase = pick(r, PHRASES);
    String lang = pick(r, LANGUAGES);
    String t = pick(r, List.of(
        "Translate \"{t}\" into {lang}.", "How do you say \"{t}\" in {lang}?", "Say \"{t}\" in {lang}.",
        "What is \"{t}\" in {lang}?", "Put \"{t}\" into {lang} for me."));
    return new Draw(fill(t, Map.of("t", phrase, "lang", lang)),
        call("translate_text", "text", text(phrase), "target_language", text(lang)));
  }

  private static Draw stock(Random r) {
    String s = pick(r, SYMBOLS);
    String t = pick(r, List.of(
        "What's the stock price of {s}?", "How is {s} trading today?", "Get me the latest price for {s}.",
        "Check the {s} share price.", "Quote {s}, please.", "What does {s} cost right now?"));
    return new Draw(fill(t, Map.of("s", s)), call("get_stock_price", "symbol", text(s)));
  }

  private static Draw reminder(Random r) {
    String m = pick(r, CHORES);
    String date = date(r);
    String t = pick(r, List.of(
        "Remind me to {m} on {date}.", "Set a reminder to {m} on {date}.", "On {date}, remind me to {m}.",
        "Don't let me forget to {m} on {date}."));
    return new Draw(fill(t, Map.of("m", m, "date", date)),
        call("set_reminder", "message", text(m), "date", text(date)));
  }

  private static Draw email(Random r) {
    List<String> people = people(r, 1 + r.nextInt(3));
    String subject = pick(r, SUBJECTS);
    String t = pick(r, List.of(
        "Email {people} about \"{subject}\".", "Send an email to {people} with the subject \"{subject}\".",
        "Write to {people}, subject \"{subject}\".", "Mail {people} about \"{subject}\"."));
    return new Draw(fill(t, Map.of("people", andList(people), "subject", subject)),
        call("send_email", "to", strings(people), "subject", text(subject)));
  }

  private static Draw meeting(Random r) {
    List<String> people = people(r, 1 + r.nextInt(3));
    String date = date(r);
    String t = pick(r, List.of(
        "Set up a meeting with {people} on {date}.", "Schedule a meeting on {date} with {people}.",
        "Invite {people} to a meeting on {date}.", "Book a meeting for {date} with {people}."));
    return new Draw(fill(t, Map.of("people", andList(people), "date", date)),
        call("schedule_meeting", "date", text(date), "attendees", strings(people)));
  }

  private static Draw hotel(Random r) {
    String city = pick(r, CITIES);
    int year = 2025 + r.nextInt(2);
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(24);
    String in = String.format("%d-%02d-%02d", year, month, day);
    String out = String.format("%d-%02d-%02d", year, month, day + 1 + r.nextInt(4));
    String t = pick(r, List.of(
        "Book a hotel in {city} from {in} to {out}.", "I need a room in {city}, checking in {in} and out {out}.",
        "Reserve a hotel in {city} for {in} to {out}.", "Find me a hotel in {city} from {in} until {out}."));
    ObjectNode stay = Json.MAPPER.createObjectNode();
    stay.put("check_in", in);
    stay.put("check_out", out);
    return new Draw(fill(t, Map.of("city", city, "in", in, "out", out)),
        call("book_hotel", "city", text(city), "stay", stay));
  }

  private static Draw route(Random r) {
    List<String> stops = distinct(r, CITIES, 2 + r.nextInt(2));
    String t;
    if (stops.size() == 3 && r.nextBoolean()) {
      t = fill(pick(r, List.of("Find a route from {a} via {b} to {c}.", "Drive from {a} to {c} by way of {b}.")),
          Map.of("a", stops.get(0), "b", stops.get(1), "c", stops.get(2)));
    } else {
      t = fill(pick(r, List.of("Plan a route through {stops}.", "Map a trip visiting {stops}, in that order.",
          "Route me through {stops}.")), Map.of("stops", andList(stops)));
    }
    return new Draw(t, call("plan_route", "stops", strings(stops)));
  }

  // ---- values --------------------------------------------------------------------------------

  /** Integers 1..1999, or one decimal place ({@code 12.5}), written the same in text and JSON. */
  private static BigDecimal amount(Random r) {
    int whole = 1 + r.nextInt(1999);
    return r.nextInt(4) == 0 ? new BigDecimal(whole + "." + (1 + r.nextInt(9))) : new BigDecimal(whole);
  }

  private static String date(Random r) {
    return String.format("%d-%02d-%02d", 2025 + r.nextInt(2), 1 + r.nextInt(12), 1 + r.nextInt(28));
  }

  private static List<String> people(Random r, int n) {
    return distinct(r, PEOPLE, n);
  }

  private static List<String> distinct(Random r, List<String> from, int n) {
    List<String> pool = new ArrayList<>(from);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.remove(r.nextInt(pool.size())));
    }
    return out;
  }

  private static String andList(List<String> xs) {
    if (xs.size() == 1) {
      return xs.get(0);
    }
    return String.join(", ", xs.subList(0, xs.size() - 1)) + " and " + xs.get(xs.size() - 1);
  }

  static <T> T pick(Random r, List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  private static String pickOther(Random r, List<String> xs, String not) {
    String x;
    do {
      x = pick(r, xs);
    } while (x.equals(not));
    return x;
  }

  private static String fill(String template, Map<String, String> values) {
    String s = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      s = s.replace("{" + e.getKey() + "}", e.getValue());
    }
    return s;
  }

  // ---- JSON building -------------------------------------------------------------------------

  private static com.fasterxml.jackson.databind.JsonNode text(String s) {
    return Json.MAPPER.getNodeFactory().textNode(s);
  }

  /** A number as the JSON parser reads it back: integers as integers, decimals as BigDecimal. */
  private static com.fasterxml.jackson.databind.JsonNode num(BigDecimal v) {
    return v.scale() == 0
        ? Json.MAPPER.getNodeFactory().numberNode(v.intValueExact())
        : Json.MAPPER.getNodeFactory().numberNode(v);
  }

  private static ArrayNode strings(List<String> xs) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    xs.forEach(a::add);
    return a;
  }

  private static ToolCall call(String name, Object... kv) {
    ObjectNode args = Json.MAPPER.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      args.set((String) kv[i], (com.fasterxml.jackson.databind.JsonNode) kv[i + 1]);
    }
    return new ToolCall(name, args);
  }

  private static ToolSpec tool(String name, String description, ObjectNode... params) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    ArrayNode required = Json.MAPPER.createArrayNode();
    for (ObjectNode p : params) {
      String pname = p.remove("$name").asText();
      if (p.remove("$required").asBoolean()) {
        required.add(pname);
      }
      props.set(pname, p);
    }
    schema.set("required", required);
    return new ToolSpec(name, description, schema);
  }

  private static ObjectNode param(String name, String type, String description, boolean required) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("$name", name);
    p.put("$required", required);
    p.put("type", type);
    p.put("description", description);
    return p;
  }

  private static ObjectNode enumParam(String name, String description, boolean required, String... values) {
    ObjectNode p = param(name, "string", description, required);
    ArrayNode e = p.putArray("enum");
    for (String v : values) {
      e.add(v);
    }
    return p;
  }

  private static ObjectNode arrayParam(String name, String description, boolean required) {
    ObjectNode p = param(name, "array", description, required);
    p.putObject("items").put("type", "string");
    return p;
  }

  private static ObjectNode stayParam() {
    ObjectNode p = param("stay", "object", "Check-in and check-out dates", true);
    ObjectNode props = p.putObject("properties");
    props.putObject("check_in").put("type", "string");
    props.putObject("check_out").put("type", "string");
    p.putArray("required").add("check_in").add("check_out");
    return p;
  }
}
