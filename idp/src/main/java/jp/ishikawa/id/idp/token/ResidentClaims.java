package jp.ishikawa.id.idp.token;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.identity.VerifiedFacts;
import jp.ishikawa.id.verifier.jpki.IshikawaMunicipalities;
import jp.ishikawa.id.verifier.model.BasicFacts;
import jp.ishikawa.id.verifier.model.BirthDate;

/**
 * The claims a service receives, per authorised scope, from the resident's verified facts only: a
 * resident who registered without a signature certificate has none, and then the claims are absent
 * rather than guessed.
 *
 * <ul>
 *   <li>{@code profile}: {@code name}
 *   <li>{@code birthdate}: {@code birthdate} ({@code YYYY-MM-DD}, or {@code YYYY} when only the
 *       year is registered)
 *   <li>{@code gender}: {@code gender} ({@code male}/{@code female}; absent for other codes)
 *   <li>{@code address}: {@code address.formatted}, {@code address.country}
 *   <li>{@code ishikawa_residency}: {@code ishikawa_resident}, {@code municipality_code}, {@code
 *       age_over_18}, {@code age_over_20} — so a service can check residency and age without the
 *       address or the birth date. An age the registered date cannot settle is left out.
 * </ul>
 */
public final class ResidentClaims {

  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** Which claims each scope releases (the list above, as data: discovery publishes it). */
  public static final Map<String, List<String>> CLAIMS_BY_SCOPE =
      Map.of(
          "profile", List.of("name"),
          "birthdate", List.of("birthdate"),
          "gender", List.of("gender"),
          "address", List.of("address"),
          "ishikawa_residency",
              List.of("ishikawa_resident", "municipality_code", "age_over_18", "age_over_20"));

  /** The scope that releases {@code claim}, if any. */
  public static Optional<String> scopeOf(String claim) {
    return CLAIMS_BY_SCOPE.entrySet().stream()
        .filter(entry -> entry.getValue().contains(claim))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private final ResidentService residents;
  private final Clock clock;

  public ResidentClaims(ResidentService residents, Clock clock) {
    this.residents = residents;
    this.clock = clock;
  }

  /** The claims for {@code scopes}, without {@code sub}. */
  public Map<String, Object> claims(String ishikawaId, Set<String> scopes) {
    Map<String, Object> claims = new LinkedHashMap<>();
    Optional<Resident> resident = residents.findByIshikawaId(ishikawaId);
    if (resident.isEmpty()) {
      return claims;
    }
    Optional<VerifiedFacts> verified = residents.verifiedFacts(resident.get().id());
    if (verified.isEmpty()) {
      return claims;
    }
    BasicFacts facts = verified.get().facts();
    if (scopes.contains("profile")) {
      claims.put("name", facts.name());
    }
    if (scopes.contains("birthdate")) {
      birthdate(facts.birthDate()).ifPresent(value -> claims.put("birthdate", value));
    }
    if (scopes.contains("gender")) {
      switch (facts.gender()) {
        case MALE -> claims.put("gender", "male");
        case FEMALE -> claims.put("gender", "female");
        default -> {
          // JIS X 0303 "not known" / "not applicable": no OIDC value says that; leave it out.
        }
      }
    }
    if (scopes.contains("address")) {
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("formatted", facts.address());
      address.put("country", "JP");
      claims.put("address", address);
    }
    if (scopes.contains("ishikawa_residency")) {
      claims.put("ishikawa_resident", IshikawaMunicipalities.inIshikawa(facts.address()));
      IshikawaMunicipalities.codeOf(facts.address())
          .ifPresent(code -> claims.put("municipality_code", code));
      LocalDate today = LocalDate.now(clock.withZone(JAPAN));
      facts.birthDate().isAtLeast(18, today).ifPresent(over -> claims.put("age_over_18", over));
      facts.birthDate().isAtLeast(20, today).ifPresent(over -> claims.put("age_over_20", over));
    }
    return claims;
  }

  static Optional<String> birthdate(BirthDate date) {
    return switch (date.precision()) {
      case DAY -> date.date().map(LocalDate::toString);
      case MONTH, YEAR -> Optional.of(String.format("%04d", date.year()));
      case UNKNOWN -> Optional.empty();
    };
  }
}
