package jp.ishikawa.id.idp.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.ishikawa.id.cardclient.simulator.CardContents;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import jp.ishikawa.id.idp.jpki.JpkiError;
import jp.ishikawa.id.idp.testing.Browser;
import jp.ishikawa.id.idp.testing.SharedIdentityProviders;
import jp.ishikawa.id.idp.testing.TestIdentityProvider;
import jp.ishikawa.id.idp.testing.TestResident;
import jp.ishikawa.id.idp.testing.TestResident.CardTransaction;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Card login as a Spring Security mechanism, against a running IdP: the browser's completed card
 * transaction goes through the authentication manager, which publishes Spring Security's events,
 * and the audit trail records them.
 */
class CardLoginTests {

  private final TestIdentityProvider idp =
      SharedIdentityProviders.get(TestIdentityProvider.Storage.EMBEDDED);
  private final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();
  private final ApplicationListener<AbstractAuthenticationEvent> listener = events::add;

  @BeforeEach
  void listen() {
    context().addApplicationListener(listener);
  }

  @AfterEach
  void stopListening() {
    context().removeApplicationListener(listener);
  }

  private ApplicationEventMulticaster context() {
    return idp.bean(ApplicationEventMulticaster.class);
  }

  private CardContents newCard() {
    return TestCards.issue(idp.pki(), TestFacts.defaults().withName("金沢　" + System.nanoTime()));
  }

  private Resident register(CardContents card) {
    TestResident resident = new TestResident(idp.issuer(), card);
    resident.browser().open("/login");
    resident.logInFromLoginPage();
    String ishikawaId =
        events.stream()
            .filter(AuthenticationSuccessEvent.class::isInstance)
            .map(e -> e.getAuthentication().getName())
            .reduce((first, second) -> second)
            .orElseThrow();
    return idp.bean(ResidentService.class).findByIshikawaId(ishikawaId).orElseThrow();
  }

  @Test
  void completeWhenKnownCardThenSuccessEventCarriesTheCardLoginAndIsAudited() {
    CardContents card = newCard();
    Resident registered = register(card);
    events.clear();
    TestResident resident = new TestResident(idp.issuer(), card);
    resident.browser().open("/login");

    HttpResponse<String> response = resident.logInFromLoginPage();

    assertThat(Browser.location(response).getPath()).isEqualTo("/account");
    List<ResidentAuthentication> logins =
        events.stream()
            .filter(AuthenticationSuccessEvent.class::isInstance)
            .map(e -> ResidentAuthentication.from(e.getAuthentication()).orElseThrow())
            .toList();
    assertThat(logins).hasSize(1);
    ResidentAuthentication login = logins.getFirst();
    assertThat(login.ishikawaId()).isEqualTo(registered.ishikawaId());
    assertThat(login.method()).isEqualTo(LoginMethod.CARD);
    assertThat(login.acr()).isEqualTo(AuthenticationContextClass.JPKI);
    assertThat(login.amr()).containsExactlyElementsOf(AuthenticationContextClass.JPKI_AMR);
    assertThat(idp.bean(AuditLog.class).recent(50))
        .anySatisfy(
            event -> {
              assertThat(event.type()).isEqualTo("login");
              assertThat(event.outcome()).isEqualTo("success");
              assertThat(event.reasonCode()).isEqualTo(AuthenticationContextClass.JPKI);
              assertThat(event.residentId()).isEqualTo(registered.id());
              assertThat(event.detail()).isEqualTo("method=card");
            });
  }

  @Test
  void completeWhenTransactionPickedUpTwiceThenConsumedFailureEventAndNoSecondLogin() {
    CardContents card = newCard();
    register(card);
    TestResident resident = new TestResident(idp.issuer(), card);
    resident.browser().open("/login");
    CardTransaction login = resident.createTransaction("login");
    assertThat(resident.tap(login, Purpose.LOGIN).success()).isTrue();
    assertThat(Browser.location(resident.complete(login)).getPath()).isEqualTo("/account");
    events.clear();

    HttpResponse<String> replay = resident.complete(login);

    assertThat(Browser.location(replay).toString()).endsWith("/login?error=consumed");
    assertThat(events).noneMatch(AuthenticationSuccessEvent.class::isInstance);
    assertThat(events)
        .filteredOn(AbstractAuthenticationFailureEvent.class::isInstance)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getAuthentication())
                  .isInstanceOf(CardTransactionAuthenticationToken.class);
              assertThat(((AbstractAuthenticationFailureEvent) event).getException())
                  .isInstanceOfSatisfying(
                      CardLoginException.class,
                      e -> assertThat(e.error()).isEqualTo(JpkiError.CONSUMED));
            });
    assertThat(idp.bean(AuditLog.class).recent(50))
        .anySatisfy(
            event -> {
              assertThat(event.type()).isEqualTo("login");
              assertThat(event.outcome()).isEqualTo("failure");
              assertThat(event.reasonCode()).isEqualTo("consumed");
            });
  }

  @Test
  void completeWhenAccountDeactivatedAfterTheTapThenAccountDeactivatedAndNoLogin() {
    CardContents card = newCard();
    Resident registered = register(card);
    TestResident resident = new TestResident(idp.issuer(), card);
    resident.browser().open("/login");
    CardTransaction login = resident.createTransaction("login");
    assertThat(resident.tap(login, Purpose.LOGIN).success()).isTrue();
    idp.bean(ResidentService.class).deactivate(registered.id());
    events.clear();

    HttpResponse<String> response = resident.complete(login);

    assertThat(Browser.location(response).toString()).endsWith("/login?error=account_deactivated");
    assertThat(events).noneMatch(AuthenticationSuccessEvent.class::isInstance);
    assertThat(events)
        .filteredOn(AbstractAuthenticationFailureEvent.class::isInstance)
        .singleElement()
        .satisfies(
            event ->
                assertThat(((AbstractAuthenticationFailureEvent) event).getException())
                    .isInstanceOfSatisfying(
                        CardLoginException.class,
                        e -> assertThat(e.error()).isEqualTo(JpkiError.ACCOUNT_DEACTIVATED)));
    assertThat(Browser.location(resident.browser().get("/account")).getPath()).isEqualTo("/login");
  }

  @Test
  void completeWhenCardOfNoResidentThenUnregisteredFailureEventAndRegistrationPage() {
    TestResident resident = new TestResident(idp.issuer(), newCard());
    resident.browser().open("/login");
    CardTransaction login = resident.createTransaction("login");
    assertThat(resident.tap(login, Purpose.LOGIN).success()).isTrue();

    HttpResponse<String> response = resident.complete(login);

    assertThat(Browser.location(response).getPath()).isEqualTo("/register");
    assertThat(events).noneMatch(AuthenticationSuccessEvent.class::isInstance);
    assertThat(events)
        .filteredOn(AbstractAuthenticationFailureEvent.class::isInstance)
        .singleElement()
        .satisfies(
            event ->
                assertThat(((AbstractAuthenticationFailureEvent) event).getException())
                    .isInstanceOf(UnregisteredCardException.class));
  }

  @Test
  void registerWithoutFactsWhenCardHasNoSignatureCertificateThenSignedInThroughTheManager() {
    TestResident resident = new TestResident(idp.issuer(), TestCards.issue(idp.pki()));
    resident.browser().open("/login");

    HttpResponse<String> response = resident.logInFromLoginPage();

    assertThat(Browser.location(response).getPath()).isEqualTo("/account");
    assertThat(events)
        .filteredOn(AuthenticationSuccessEvent.class::isInstance)
        .singleElement()
        .satisfies(
            event ->
                assertThat(ResidentAuthentication.from(event.getAuthentication()))
                    .hasValueSatisfying(
                        login -> assertThat(login.method()).isEqualTo(LoginMethod.CARD)));
  }
}
