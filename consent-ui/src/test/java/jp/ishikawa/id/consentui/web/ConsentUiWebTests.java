package jp.ishikawa.id.consentui.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * consent-ui's pages through the real filter chain (MockMvc), with the management API and the IdP's
 * registration stood in: CSRF on every POST (one test per form), straight to the IdP without a
 * session, the fresh card tap's redirect with {@code max_age=0}, and failures as plain pages with a
 * reference code.
 */
@SpringBootTest(
    properties = {
      "consent-ui.issuer=http://idp.test",
      "consent-ui.client-secret=test-secret",
      "logging.level.root=WARN"
    })
@AutoConfigureMockMvc
class ConsentUiWebTests {

  @Autowired MockMvc mvc;
  @MockitoBean ManagementApiClient api;
  @MockitoBean ClientRegistrationRepository registrations;

  @BeforeEach
  void registration() {
    when(registrations.findByRegistrationId("ishikawa-id"))
        .thenReturn(
            ClientRegistration.withRegistrationId("ishikawa-id")
                .clientId("consent-ui")
                .clientSecret("test-secret")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .authorizationUri("http://idp.test/oauth2/authorize")
                .tokenUri("http://idp.test/oauth2/token")
                .jwkSetUri("http://idp.test/oauth2/jwks")
                .userInfoUri("http://idp.test/userinfo")
                .userNameAttributeName("sub")
                .providerConfigurationMetadata(
                    Map.of("end_session_endpoint", "http://idp.test/connect/logout"))
                .build());
  }

  private static Map<String, Object> record(String id, String clientId, String status) {
    Map<String, Object> record = new HashMap<>();
    record.put("id", id);
    record.put("client_id", clientId);
    record.put("service", "市立図書館");
    record.put("status", status);
    record.put("data_items", List.of("openid", "profile", "address"));
    record.put("purposes", "本の貸出");
    record.put("given_at", "2026-11-30T01:00:00Z");
    record.put("withdrawn_at", null);
    return record;
  }

  @Test
  void pageWhenNotSignedInThenStraightToTheIdpNoLoginForm() throws Exception {
    mvc.perform(get("/"))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/oauth2/authorization/ishikawa-id"));
    mvc.perform(get("/login")).andExpect(status().isFound());
  }

  @Test
  void withdrawWhenNoCsrfTokenThenForbiddenAndApiNotCalled() throws Exception {
    mvc.perform(post("/consents/c1/withdraw").with(oidcLogin())).andExpect(status().isForbidden());
    verify(api, never()).post(anyString(), any(Object[].class));
  }

  @Test
  void withdrawWhenCsrfTokenThenApiWithdrawsAndDashboardSaysSo() throws Exception {
    Map<String, Object> withdrawn = record("c1", "city-library", "withdrawn");
    when(api.post("/api/me/consents/{id}/withdraw", "c1")).thenReturn(withdrawn);

    mvc.perform(post("/consents/c1/withdraw").with(oidcLogin()).with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/"))
        .andExpect(flash().attribute("withdrawnService", "市立図書館"));
  }

  @Test
  void deactivateWhenNoCsrfTokenThenForbiddenAndApiNotCalled() throws Exception {
    mvc.perform(post("/deactivate").param("understood", "yes").with(oidcLogin()))
        .andExpect(status().isForbidden());
    verify(api, never()).post(anyString(), any(Object[].class));
  }

  @Test
  void logoutWhenNoCsrfTokenThenForbidden() throws Exception {
    mvc.perform(post("/logout").with(oidcLogin())).andExpect(status().isForbidden());
  }

  @Test
  void deactivateWhenNotConfirmedThenPageAsksAgainAndApiNotCalled() throws Exception {
    String page =
        mvc.perform(post("/deactivate").with(oidcLogin()).with(csrf()))
            .andExpect(status().isBadRequest())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("id=\"need-confirmation\"");
    verify(api, never()).post(anyString(), any(Object[].class));
  }

  @Test
  void deactivateWhenApiAsksForFreshTapThenThroughTheIdpWithMaxAgeZeroOnce() throws Exception {
    when(api.post("/api/me/deactivate"))
        .thenThrow(
            new ManagementApiException(
                ApiFailure.FRESH_TAP_REQUIRED,
                401,
                "insufficient_user_authentication",
                "CU-TEST0000",
                "stale",
                null));
    MockHttpSession session = new MockHttpSession();

    mvc.perform(
            post("/deactivate")
                .param("understood", "yes")
                .session(session)
                .with(oidcLogin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/oauth2/authorization/ishikawa-id"));
    MvcResult toIdp =
        mvc.perform(get("/oauth2/authorization/ishikawa-id").session(session))
            .andExpect(status().isFound())
            .andReturn();
    String location = toIdp.getResponse().getRedirectedUrl();
    assertThat(location)
        .startsWith("http://idp.test/oauth2/authorize?")
        .contains("max_age=0")
        .contains("acr_values=urn:ishikawa-id:acr:jpki")
        .contains("code_challenge_method=S256");

    String again =
        mvc.perform(get("/oauth2/authorization/ishikawa-id").session(session))
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    assertThat(again).doesNotContain("max_age").doesNotContain("acr_values");
  }

  @Test
  void dashboardWhenConsentsThenServicesInPlainWordsOwnSignInLeftOff() throws Exception {
    Map<String, Object> library = record("c1", "city-library", "given");
    library.put("clientName", "市立図書館（新）");
    library.put("lastUsedAt", null);
    Map<String, Object> older = record("c0", "city-library", "superseded");
    Map<String, Object> own = record("c2", "consent-ui", "given");
    own.put("service", "マイ いしかわID");
    when(api.get("/api/me/consents")).thenReturn(Map.of("consents", List.of(library, own, older)));
    when(api.get("/api/me/cards")).thenReturn(Map.of("cards", List.of()));

    String page =
        mvc.perform(get("/").with(oidcLogin()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(page)
        .contains("市立図書館（新）")
        .contains("<li>氏名</li>")
        .contains("<li>住所</li>")
        .contains("本の貸出")
        .contains("2026年11月30日")
        .contains("まだ使っていません")
        .doesNotContain("id=\"service-consent-ui\"")
        .doesNotContain("renewal-notice");
  }

  @Test
  void dashboardWhenApiSaysNothingOfLastUseThenNoSuchLine() throws Exception {
    when(api.get("/api/me/consents"))
        .thenReturn(Map.of("consents", List.of(record("c1", "city-library", "given"))));
    when(api.get("/api/me/cards")).thenReturn(Map.of("cards", List.of()));

    String page =
        mvc.perform(get("/?lang=en").with(oidcLogin()))
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(page).contains("Your name").doesNotContain("Last used");
  }

  @Test
  void withdrawPageWhenRecordNotCurrentThenConflictPageWithReference() throws Exception {
    when(api.get("/api/me/consents"))
        .thenReturn(Map.of("consents", List.of(record("c1", "city-library", "withdrawn"))));

    String page =
        mvc.perform(get("/consents/c1/withdraw").with(oidcLogin()))
            .andExpect(status().isConflict())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(page).contains("この操作はできませんでした").containsPattern("CU-[0-9A-Z]{8}");
  }

  @Test
  void pageWhenIdpDownThenPlainPageNoStackTrace() throws Exception {
    when(api.get("/api/me/consents"))
        .thenThrow(
            new ManagementApiException(
                ApiFailure.IDP_UNAVAILABLE,
                0,
                null,
                "CU-DOWN0000",
                "GET /api/me/consents: the IdP did not answer",
                new java.net.ConnectException("Connection refused")));

    String page =
        mvc.perform(get("/history").with(oidcLogin()))
            .andExpect(status().isServiceUnavailable())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(page)
        .contains("いま、いしかわIDにつながりません")
        .contains("CU-DOWN0000")
        .doesNotContain("Exception")
        .doesNotContain("Connection refused");
  }

  @Test
  void pageWhenTokenNoLongerGoodThenSessionEndsAndSignInAgain() throws Exception {
    when(api.get("/api/me/cards"))
        .thenThrow(
            new ManagementApiException(
                ApiFailure.SIGNED_OUT, 401, "invalid_token", "CU-GONE0000", "gone", null));

    mvc.perform(get("/cards").with(oidcLogin()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/"));
  }

  @Test
  void receiptDownloadWhenAskedThenTheApisJsonAsAFile() throws Exception {
    when(api.getText("/api/me/consents/{id}/receipt", "c1"))
        .thenReturn("{\"consentReceiptID\":\"c1\"}");

    mvc.perform(get("/consents/c1/receipt.json").with(oidcLogin()))
        .andExpect(status().isOk())
        .andExpect(
            header()
                .string("Content-Disposition", "attachment; filename=\"consent-receipt-c1.json\""))
        .andExpect(
            result ->
                assertThat(result.getResponse().getContentAsString())
                    .isEqualTo("{\"consentReceiptID\":\"c1\"}"));
  }

  @Test
  void consentPageWhenIdIsNotAnIdThenNotFoundAndApiNotCalled() throws Exception {
    mvc.perform(get("/consents/a.b;x/receipt").with(oidcLogin()))
        .andExpect(result -> assertThat(result.getResponse().getStatus()).isIn(400, 404));
    verify(api, never()).get(anyString(), any(Object[].class));
  }

  @Test
  void errorPageWhenNotFoundThenPlainPageWithReference() throws Exception {
    String page =
        mvc.perform(
                get("/error")
                    .with(oidcLogin())
                    .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 404)
                    .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/nope"))
            .andExpect(status().isNotFound())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("画面が見つかりませんでした").containsPattern("CU-[0-9A-Z]{8}");
  }
}
