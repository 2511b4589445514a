package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python behaviours the port depends on: call-text regexes, str/repr, ==, strptime, coercion. */
class PythonSemanticsTest {

  @Test
  void extractionTakesTheFirstCallAndParsesValuesAsTheOfficialRegexDoes() {
    ApiCallText.Parsed p = ApiCallText.extract("API-Request: [AddAgenda(token='t', content=\"Don't forget\", time='x')] then [Other()]").orElseThrow();
    assertThat(p.apiName()).isEqualTo("AddAgenda");
    // a quoted value ends at the first quote of either kind
    assertThat(p.params()).containsEntry("content", "Don").containsEntry("token", "t");
    ApiCallText.Parsed list = ApiCallText.extract("[AddMeeting(attendees=['A', 'B'], location='x')]").orElseThrow();
    assertThat(list.params().get("attendees")).isEqualTo("['A', 'B'], location='x']".substring(0, 10));
    ApiCallText.Parsed bare = ApiCallText.extract("[BookHotel(room_count=2, on=True, name = 'a')]").orElseThrow();
    assertThat(bare.params()).containsExactly(Map.entry("room_count", "2"), Map.entry("on", "True"), Map.entry("name", "a"));
    ApiCallText.Parsed repeated = ApiCallText.extract("[F(a='1', b='2', a='3')]").orElseThrow();
    assertThat(repeated.params()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    assertThat(ApiCallText.extract("[F(a='1'\n)]")).isEmpty(); // '.' stops at a newline
    assertThat(ApiCallText.extract("no call here")).isEmpty();
  }

  @Test
  void renderingShowsValuesWithPythonStr() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("s", "x");
    args.put("n", 2L);
    args.put("f", 2.5);
    args.put("b", true);
    args.put("l", List.of("a", "b'c"));
    args.put("none", null);
    assertThat(ApiCallText.render("F", args)).isEqualTo("[F(s='x', n='2', f='2.5', b='True', l='['a', \"b'c\"]', none='None')]");
  }

  @Test
  void reprAndFloatsFollowPython() {
    assertThat(Py.repr("it's")).isEqualTo("\"it's\"");
    assertThat(Py.repr("both ' and \"")).isEqualTo("'both \\' and \"'");
    assertThat(Py.repr("a\nb\\")).isEqualTo("'a\\nb\\\\'");
    assertThat(Py.floatRepr(33.0)).isEqualTo("33.0");
    assertThat(Py.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(Py.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(Py.floatRepr(123456789012345.6)).isEqualTo("123456789012345.6");
    assertThat(Py.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(Py.floatRepr(0.00001)).isEqualTo("1e-05");
    assertThat(Py.floatRepr(-2.5e-7)).isEqualTo("-2.5e-07");
    assertThat(Py.repr(Map.of("k", List.of(1L, 2.0, false)))).isEqualTo("{'k': [1, 2.0, False]}");
  }

  @Test
  void equalityIsPythons() {
    assertThat(Py.eq(1L, 1.0)).isTrue();
    assertThat(Py.eq(Double.NaN, Double.NaN)).isFalse();
    assertThat(Py.eq(List.of(1L, "a"), List.of(1.0, "a"))).isTrue();
    assertThat(Py.eq(Map.of("a", 1L), Map.of("a", 1L, "b", 2L))).isFalse();
    assertThat(Py.eq("1", 1L)).isFalse();
    Py.Opaque e = new Py.Opaque("bad date");
    assertThat(Py.eq(e, new Py.Opaque("bad date"))).isFalse();
    assertThat(Py.jaccard("a b c", "a b")).isEqualTo(2.0 / 3);
    assertThat(Py.zfill("23", 4)).isEqualTo("0023");
    assertThat(Py.zfill("-5", 4)).isEqualTo("-005");
  }

  @Test
  void strptimeAcceptsAndFailsLikePython() throws Exception {
    assertThat(PyDates.strptime("2023-1-5  3:4:5", PyDates.DATE_TIME)).hasToString("2023-01-05T03:04:05");
    assertThatThrownBy(() -> PyDates.strptime("2023-02-30", PyDates.DATE)).hasMessage("day is out of range for month");
    assertThatThrownBy(() -> PyDates.strptime("02-29", PyDates.MONTH_DAY)).hasMessage("day is out of range for month");
    assertThatThrownBy(() -> PyDates.strptime("2023-01-01x", PyDates.DATE)).hasMessage("unconverted data remains: x");
    assertThatThrownBy(() -> PyDates.strptime("2023/01/01", PyDates.DATE))
        .hasMessage("time data '2023/01/01' does not match format '%Y-%m-%d'");
    assertThatThrownBy(() -> PyDates.strptime("2023-01-01 10:00:61", PyDates.DATE_TIME)).hasMessage("second must be in 0..59");
    assertThat(PyDates.normalise(" 23-3-5", PyDates.DATE)).isEqualTo("23-03-05");
    assertThat(PyDates.normalise("2023-3-5", PyDates.DATE)).isEqualTo("2023-03-05");
  }

  @Test
  void theToolManagerCoercesDeclaredTypes() throws Exception {
    assertThat(ToolManager.coerce("int", "12")).isEqualTo(12L);
    assertThatThrownBy(() -> ToolManager.coerce("int", "-1")).hasMessage("invalid parameter type. parameter: -1");
    assertThatThrownBy(() -> ToolManager.coerce("int", "1.0")).isInstanceOf(ToolManager.Rejected.class);
    assertThat(ToolManager.coerce("float", "1.5")).isEqualTo(1.5);
    assertThat(ToolManager.coerce("bool", "True")).isEqualTo(true);
    assertThat(ToolManager.coerce("bool", "true")).isEqualTo(false);
    assertThat(ToolManager.coerce("list(str)", "['a']")).isEqualTo("['a']");
  }

  @Test
  void toolN1OutputsBecomeCallTextFromTheirFirstCall() {
    String out = "<think>x</think>\n<tool_call>\n[{\"name\": \"BookHotel\", \"arguments\": {\"room_count\": 2, \"ok\": true, \"r\": 1.50}},"
        + " {\"name\": \"Other\", \"arguments\": {}}]\n</tool_call>";
    assertThat(ResponseConverter.toCallText(out).text()).contains("[BookHotel(room_count='2', ok='True', r='1.5')]");
    assertThat(ResponseConverter.toCallText("API-Request: [A(b='c')]").text()).contains("API-Request: [A(b='c')]");
    assertThat(ResponseConverter.toCallText("<tool_call>[]</tool_call>").text()).isEmpty();
    // not the strict training format (text after the block), still read for the benchmark
    assertThat(ResponseConverter.toCallText("<tool_call>[{\"name\": \"A\", \"arguments\": {\"b\": 1}}]</tool_call> done").text())
        .contains("[A(b='1')]");
    assertThat(ResponseConverter.toCallText("<think>x</think>\nAPI-Request: [A(b='c')]").text()).contains("API-Request: [A(b='c')]");
  }

  @Test
  void calculatorFollowsTheApisOwnEvaluationOrder() throws Exception {
    assertThat(CalculatorApi.calculate("(5+6)*3")).isEqualTo(33.0);
    assertThat(CalculatorApi.calculate("2+3*4-6/2")).isEqualTo(11.0);
    assertThat(CalculatorApi.calculate("10-2-3")).isEqualTo(5.0);
    // a leading '-': formula[-1:2] is an empty slice, so Python inserts instead of replacing, forever
    assertThatThrownBy(() -> CalculatorApi.calculate("-5+3")).hasMessageStartingWith("MemoryError");
    // an operator without a right operand: Python's IndexError
    assertThatThrownBy(() -> CalculatorApi.calculate("5+3+")).hasMessage("list index out of range");
    assertThatThrownBy(() -> CalculatorApi.calculate("1/0")).hasMessage("float division by zero");
    assertThatThrownBy(() -> CalculatorApi.calculate("((1+2)*3)")).hasMessage("')' is not in list");
    assertThatThrownBy(() -> CalculatorApi.calculate("12")).hasMessage("invalid formula");
    assertThatThrownBy(() -> CalculatorApi.calculate("2^3")).hasMessage("invalid formula");
  }
}
