package jp.ishikawa.id.idp.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.testing.TestAuthenticator;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.MapPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.MapUserCredentialRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * {@link PasskeyAuthenticationProvider}: one passing login, and one test per refusal, each leaving
 * the stored credential (counter, last use) as it was. Assertions are hand-built with a test P-256
 * key ({@link TestAuthenticator}) and verified by webauthn4j through Spring's relying party.
 */
class PasskeyAuthenticationProviderTests {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private final MapPublicKeyCredentialUserEntityRepository users =
      new MapPublicKeyCredentialUserEntityRepository();
  private final MapUserCredentialRepository credentials = new MapUserCredentialRepository();
  private final Map<String, Resident> residents = new HashMap<>();
  private final Bytes aliceHandle = Bytes.random();
  private final Bytes bobHandle = Bytes.random();
  private final TestAuthenticator alicePhone = new TestAuthenticator(aliceHandle);
  private final TestAuthenticator bobPhone = new TestAuthenticator(bobHandle);
  private final Bytes challenge = Bytes.random();
  private PasskeyAuthenticationProvider provider;

  @BeforeEach
  void setUp() {
    users.save(
        ImmutablePublicKeyCredentialUserEntity.builder()
            .id(aliceHandle)
            .name("alice-id")
            .displayName("alice-id")
            .build());
    users.save(
        ImmutablePublicKeyCredentialUserEntity.builder()
            .id(bobHandle)
            .name("bob-id")
            .displayName("bob-id")
            .build());
    residents.put("alice-id", new Resident("r-alice", "alice-id", Resident.Status.ACTIVE, NOW));
    residents.put("bob-id", new Resident("r-bob", "bob-id", Resident.Status.ACTIVE, NOW));
    credentials.save(alicePhone.record(5));
    credentials.save(bobPhone.record(5));
    Webauthn4JRelyingPartyOperations relyingParty =
        new Webauthn4JRelyingPartyOperations(
            users,
            credentials,
            PublicKeyCredentialRpEntity.builder()
                .id(TestAuthenticator.RP_ID)
                .name("いしかわID")
                .build(),
            Set.of(TestAuthenticator.ORIGIN));
    provider =
        new PasskeyAuthenticationProvider(
            relyingParty,
            credentials,
            id -> Optional.ofNullable(residents.get(id)),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void authenticateWhenValidThenPasskeyLoginWithAcrAndAmr() {
    ResidentAuthentication login =
        ResidentAuthentication.from(provider.authenticate(token(alicePhone.assertion(challenge))))
            .orElseThrow();

    assertThat(login.ishikawaId()).isEqualTo("alice-id");
    assertThat(login.method()).isEqualTo(LoginMethod.PASSKEY);
    assertThat(login.acr()).isEqualTo(AuthenticationContextClass.PASSKEY);
    assertThat(login.amr()).containsExactly("hwk", "user", "mfa");
    assertThat(login.authenticatedAt()).isEqualTo(NOW);
    assertThat(credentials.findByCredentialId(alicePhone.credentialId).getSignatureCount())
        .isEqualTo(10);
  }

  @Test
  void authenticateWhenSyncedWithoutUserVerificationThenSwkAndUserOnly() {
    TestAuthenticator synced = new TestAuthenticator(aliceHandle);
    credentials.save(synced.record(0, true));
    TestAuthenticator.Assertion assertion = synced.assertion(challenge);
    assertion.flags = 0x01 | 0x08 | 0x10; // UP, BE, BS

    ResidentAuthentication login =
        ResidentAuthentication.from(provider.authenticate(token(assertion))).orElseThrow();

    assertThat(login.amr()).containsExactly("swk", "user");
  }

  @Test
  void authenticateWhenOriginIsAnotherSiteThenBadOrigin() {
    TestAuthenticator.Assertion assertion = alicePhone.assertion(challenge);
    assertion.origin = "https://id-ishikawa.example";

    assertRefused(assertion, PasskeyError.BAD_ORIGIN);
  }

  @Test
  void authenticateWhenRpIdIsAnotherThenBadRpId() {
    TestAuthenticator.Assertion assertion = alicePhone.assertion(challenge);
    assertion.rpId = "evil.example";

    assertRefused(assertion, PasskeyError.BAD_RP_ID);
  }

  @Test
  void authenticateWhenAssertionSignedAnEarlierChallengeThenBadChallenge() {
    TestAuthenticator.Assertion replayed = alicePhone.assertion(Bytes.random());

    assertRefused(replayed, PasskeyError.BAD_CHALLENGE);
  }

  @Test
  void authenticateWhenCounterGoesBackwardsThenCounterRegressed() {
    TestAuthenticator.Assertion cloned = alicePhone.assertion(challenge);
    cloned.signCount = 3;

    assertRefused(cloned, PasskeyError.COUNTER_REGRESSED);
  }

  @Test
  void authenticateWhenCounterRepeatsThenCounterRegressed() {
    TestAuthenticator.Assertion cloned = alicePhone.assertion(challenge);
    cloned.signCount = 5;

    assertRefused(cloned, PasskeyError.COUNTER_REGRESSED);
  }

  @Test
  void authenticateWhenCredentialUnknownThenUnknownCredential() {
    TestAuthenticator stranger = new TestAuthenticator(aliceHandle);

    assertRefused(stranger.assertion(challenge), PasskeyError.UNKNOWN_CREDENTIAL);
  }

  @Test
  void authenticateWhenUserHandleIsAnotherResidentsThenUserHandleMismatch() {
    TestAuthenticator.Assertion assertion = alicePhone.assertion(challenge);
    assertion.handle = bobHandle;

    assertRefused(assertion, PasskeyError.USER_HANDLE_MISMATCH);
  }

  @Test
  void authenticateWhenSignatureInvalidThenBadSignature() {
    TestAuthenticator.Assertion assertion = alicePhone.assertion(challenge);
    assertion.corruptSignature = true;

    assertRefused(assertion, PasskeyError.BAD_SIGNATURE);
  }

  @Test
  void authenticateWhenResidentDeactivatedThenAccountDeactivated() {
    residents.put(
        "alice-id", new Resident("r-alice", "alice-id", Resident.Status.DEACTIVATED, NOW));

    assertThatThrownBy(() -> provider.authenticate(token(alicePhone.assertion(challenge))))
        .isInstanceOfSatisfying(
            PasskeyLoginException.class,
            e -> assertThat(e.error()).isEqualTo(PasskeyError.ACCOUNT_DEACTIVATED));
  }

  private void assertRefused(TestAuthenticator.Assertion assertion, PasskeyError error) {
    CredentialRecord before = credentials.findByCredentialId(alicePhone.credentialId);

    assertThatThrownBy(() -> provider.authenticate(token(assertion)))
        .isInstanceOfSatisfying(
            PasskeyLoginException.class, e -> assertThat(e.error()).isEqualTo(error));

    CredentialRecord after = credentials.findByCredentialId(alicePhone.credentialId);
    assertThat(after.getSignatureCount()).isEqualTo(before.getSignatureCount());
    assertThat(after.getLastUsed()).isEqualTo(before.getLastUsed());
  }

  private WebAuthnAuthenticationRequestToken token(TestAuthenticator.Assertion assertion) {
    return token(assertion.build());
  }

  private WebAuthnAuthenticationRequestToken token(
      PublicKeyCredential<AuthenticatorAssertionResponse> credential) {
    PublicKeyCredentialRequestOptions options =
        PublicKeyCredentialRequestOptions.builder()
            .challenge(challenge)
            .rpId(TestAuthenticator.RP_ID)
            .allowCredentials(List.of())
            .userVerification(UserVerificationRequirement.PREFERRED)
            .timeout(Duration.ofMinutes(5))
            .build();
    return new WebAuthnAuthenticationRequestToken(
        new RelyingPartyAuthenticationRequest(options, credential));
  }
}
