package dev.tooln1.activities.benchmarks.apibank;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The 49 level-1 APIs, by name, one family class each. */
public final class ApiRegistry {

  private final Map<String, ApiDefinition> byName;

  public ApiRegistry() {
    List<ApiDefinition> all = new ArrayList<>();
    all.addAll(AccountApis.all());
    all.addAll(AgendaApis.all());
    all.addAll(AlarmApis.all());
    all.addAll(MeetingApis.all());
    all.addAll(ReminderApis.all());
    all.addAll(BankApis.all());
    all.addAll(HealthApis.all());
    all.addAll(RegistrationApis.all());
    all.addAll(SceneApis.all());
    all.addAll(SwitchApis.all());
    all.addAll(HotelApis.all());
    all.addAll(CalculatorApi.all());
    all.addAll(LookupApis.all());
    all.addAll(MessagingApis.all());
    all.addAll(OfflineApis.all());
    Map<String, ApiDefinition> m = new LinkedHashMap<>();
    all.forEach(d -> {
      if (m.put(d.name(), d) != null) {
        throw new IllegalStateException("duplicate API " + d.name());
      }
    });
    this.byName = Collections.unmodifiableMap(m);
  }

  public Optional<ApiDefinition> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Map<String, ApiDefinition> all() {
    return byName;
  }
}
