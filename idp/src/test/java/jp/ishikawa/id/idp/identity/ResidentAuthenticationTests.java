package jp.ishikawa.id.idp.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Reading a resident login back from what Spring Security stored fails closed. */
class ResidentAuthenticationTests {

  private static final Instant TAPPED = Instant.parse("2026-12-01T09:00:00Z");
  private static final ResidentAuthentication CARD_LOGIN =
      new ResidentAuthentication(
          "ishikawa-id-1",
          TAPPED,
          "urn:ishikawa-id:acr:jpki-unchecked",
          List.of("sc", "pin"),
          LoginMethod.CARD);

  @Test
  void fromWhenCardLoginThenEverythingRecordedComesBack() {
    Authentication stored = CARD_LOGIN.toAuthentication();

    assertThat(stored.getName()).isEqualTo("ishikawa-id-1");
    assertThat(stored.getCredentials()).isNull();
    assertThat(ResidentAuthentication.from(stored)).contains(CARD_LOGIN);
    assertThat(ResidentAuthentication.isResident(stored)).isTrue();
  }

  @Test
  void fromWhenNotAUsernamePasswordTokenThenEmpty() {
    Authentication other =
        new TestingAuthenticationToken(
            "ishikawa-id-1",
            null,
            CARD_LOGIN.toAuthentication().getAuthorities().stream().toList());
    other.setAuthenticated(true);

    assertThat(ResidentAuthentication.from(other)).isEmpty();
  }

  @Test
  void fromWhenNotAuthenticatedThenEmpty() {
    Authentication unauthenticated =
        UsernamePasswordAuthenticationToken.unauthenticated("ishikawa-id-1", null);

    assertThat(ResidentAuthentication.from(unauthenticated)).isEmpty();
  }

  @Test
  void fromWhenNoResidentRoleThenEmpty() {
    assertThat(ResidentAuthentication.from(without(ResidentAuthentication.RESIDENT_ROLE)))
        .isEmpty();
  }

  @Test
  void fromWhenNoAcrThenEmpty() {
    assertThat(ResidentAuthentication.from(without("ACR_urn:ishikawa-id:acr:jpki-unchecked")))
        .isEmpty();
  }

  @Test
  void fromWhenTwoAcrValuesThenEmpty() {
    assertThat(ResidentAuthentication.from(with(new SimpleGrantedAuthority("ACR_urn:other"))))
        .isEmpty();
  }

  @Test
  void fromWhenNoAmrThenEmpty() {
    assertThat(ResidentAuthentication.from(without("AMR_sc", "AMR_pin"))).isEmpty();
  }

  @Test
  void fromWhenFactorOfNoKnownMethodThenEmpty() {
    List<GrantedAuthority> authorities = authoritiesWithout(FactorGrantedAuthority.X509_AUTHORITY);
    authorities.add(
        FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
            .issuedAt(TAPPED)
            .build());

    assertThat(ResidentAuthentication.from(authenticated(authorities))).isEmpty();
  }

  @Test
  void fromWhenNoFactorThenEmpty() {
    assertThat(ResidentAuthentication.from(without(FactorGrantedAuthority.X509_AUTHORITY)))
        .isEmpty();
  }

  @Test
  void fromWhenTwoFactorsThenEmpty() {
    assertThat(
            ResidentAuthentication.from(
                with(
                    FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.X509_AUTHORITY)
                        .issuedAt(TAPPED.plusSeconds(60))
                        .build())))
        .isEmpty();
  }

  private static Authentication without(String... authorities) {
    return authenticated(authoritiesWithout(authorities));
  }

  private static Authentication with(GrantedAuthority extra) {
    List<GrantedAuthority> authorities = authoritiesWithout();
    authorities.add(extra);
    return authenticated(authorities);
  }

  private static List<GrantedAuthority> authoritiesWithout(String... removed) {
    List<GrantedAuthority> authorities =
        new ArrayList<>(CARD_LOGIN.toAuthentication().getAuthorities());
    authorities.removeIf(a -> List.of(removed).contains(a.getAuthority()));
    return authorities;
  }

  private static Authentication authenticated(List<GrantedAuthority> authorities) {
    return UsernamePasswordAuthenticationToken.authenticated("ishikawa-id-1", null, authorities);
  }
}
