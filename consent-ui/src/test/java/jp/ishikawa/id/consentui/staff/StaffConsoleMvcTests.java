package jp.ishikawa.id.consentui.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import jp.ishikawa.id.consentui.signin.IdpClientRegistrations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The staff console's pages against the management API's answers, through the real filter chain
 * (MockMvc): the API is a mock, so each answer the contract names (docs/management-api.md,
 * ADMIN-API) can be given exactly. {@code 403} is the "for staff" page, {@code 401
 * insufficient_user_authentication} sends the person through the IdP with {@code max_age=0}, {@code
 * 409} and {@code 400} are plain sentences, a secret is shown once and never kept.
 */
@SpringBootTest(properties = "consent-ui.issuer=https://idp.example")
@AutoConfigureMockMvc
class StaffConsoleMvcTests {

  private static final String ADMIN = "ishikawa-admin-0001";

  @Autowired MockMvc mvc;

  @MockitoBean ManagementApiClient api;

  @MockitoBean ClientRegistrationRepository registrations;

  @BeforeEach
  void idpRegistration() {
    given(registrations.findByRegistrationId(IdpClientRegistrations.REGISTRATION_ID))
        .willReturn(
            ClientRegistration.withRegistrationId(IdpClientRegistrations.REGISTRATION_ID)
                .clientId("consent-ui")
                .clientSecret("secret")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .authorizationUri("https://idp.example/oauth2/authorize")
                .tokenUri("https://idp.example/oauth2/token")
                .jwkSetUri("https://idp.example/oauth2/jwks")
                .userNameAttributeName("sub")
                .build());
  }

  private static RequestPostProcessor signedIn() {
    return oauth2Login()
        .clientRegistration(
            ClientRegistration.withRegistrationId(IdpClientRegistrations.REGISTRATION_ID)
                .clientId("consent-ui")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .authorizationUri("https://idp.example/oauth2/authorize")
                .tokenUri("https://idp.example/oauth2/token")
                .build())
        .attributes(attributes -> attributes.put("sub", ADMIN))
        .authorities(Collections.emptyList());
  }

  private static ManagementApiException refusal(ApiFailure failure, int status, String code) {
    return new ManagementApiException(failure, status, code, "CU-TEST0001", "test", null);
  }

  private void roles(boolean admin, boolean auditor) {
    if (admin) {
      given(api.getList("/api/admin/clients"))
          .willReturn(List.of(client("city-library", "console")));
    } else {
      given(api.getList("/api/admin/clients"))
          .willThrow(refusal(ApiFailure.FORBIDDEN, 403, "insufficient_role"));
    }
    if (auditor) {
      given(api.get("/api/admin/audit?limit=1")).willReturn(Map.of("events", List.of()));
    } else {
      given(api.get("/api/admin/audit?limit=1"))
          .willThrow(refusal(ApiFailure.FORBIDDEN, 403, "insufficient_role"));
    }
  }

  static Map<String, Object> client(String clientId, String source) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("name", "市立図書館");
    client.put("source", source);
    client.put("status", "active");
    client.put("type", "confidential");
    client.put("tokenEndpointAuthMethod", "client_secret_basic");
    client.put("redirectUris", List.of("https://library.example/callback"));
    client.put("postLogoutRedirectUris", List.of());
    client.put("scopes", List.of("openid", "profile"));
    client.put("subjectType", "pairwise");
    client.put("backchannelLogoutUri", null);
    client.put("hasJwks", false);
    client.put("createdAt", "2026-12-02T01:00:00Z");
    client.put("updatedAt", "2026-12-02T01:00:00Z");
    return client;
  }

  // --- who is staff ---------------------------------------------------------------------------

  @Test
  void staffHomeWhenTheApiRefusesEveryProbeThenNotStaffPage() throws Exception {
    roles(false, false);

    mvc.perform(get("/staff").with(signedIn()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"not-staff\"")))
        .andExpect(
            content()
                .string(
                    org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("staff-nav-"))));
  }

  @Test
  void servicesWhenTheCallerIsAnAuditorOnlyThenNotStaffPageAndNoClientCall() throws Exception {
    roles(false, true);

    mvc.perform(get("/staff/services/new").with(signedIn()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"not-staff\"")));
  }

  @Test
  void staffHomeWhenAdminThenLinksOnlyWhatTheRolesAllow() throws Exception {
    roles(true, false);

    String page = body(mvc.perform(get("/staff").with(signedIn())).andExpect(status().isOk()));

    assertThat(page).contains("id=\"staff-nav-services\"", "id=\"staff-nav-keys\"");
    assertThat(page).doesNotContain("id=\"staff-nav-audit\"", "id=\"staff-nav-statistics\"");
  }

  @Test
  void staffPageWhenTheApiLaterAnswers403ThenNotStaffPage() throws Exception {
    roles(true, false);
    given(api.get("/api/admin/clients/{clientId}", "city-library"))
        .willThrow(refusal(ApiFailure.FORBIDDEN, 403, "insufficient_role"));

    mvc.perform(get("/staff/services/city-library").with(signedIn()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"not-staff\"")));
  }

  @Test
  void staffPageWhenTheIdpIsDownThenThePlainUnavailablePage() throws Exception {
    given(api.getList("/api/admin/clients"))
        .willThrow(refusal(ApiFailure.IDP_UNAVAILABLE, 0, null));

    mvc.perform(get("/staff").with(signedIn())).andExpect(status().isServiceUnavailable());
  }

  // --- services --------------------------------------------------------------------------------

  @Test
  void servicesListShowsWhereEachWasRegisteredAndItsStatus() throws Exception {
    roles(true, false);
    Map<String, Object> configured = client("portal", "configuration");
    configured.put("status", "disabled");
    given(api.getList("/api/admin/clients"))
        .willReturn(List.of(client("city-library", "console"), configured));

    String page =
        body(mvc.perform(get("/staff/services").with(signedIn())).andExpect(status().isOk()));

    assertThat(page).contains("data-client-id=\"portal\"", "設定ファイル", "停止中", "この画面", "有効");
  }

  @Test
  void createWhenTheApiAcceptsThenTheSecretIsShownOnceAndKeptNowhere() throws Exception {
    roles(true, false);
    given(api.send(eq(HttpMethod.POST), eq("/api/admin/clients"), any()))
        .willReturn(
            Map.of(
                "client", client("city-library", "console"), "clientSecret", "s3cr3t-shown-once"));
    MockHttpSession session = new MockHttpSession();

    MvcResult result =
        mvc.perform(
                post("/staff/services")
                    .session(session)
                    .with(signedIn())
                    .with(csrf())
                    .param("clientId", "city-library")
                    .param("name", "市立図書館")
                    .param("type", "confidential")
                    .param("tokenEndpointAuthMethod", "")
                    .param("redirectUris", "https://library.example/callback\n")
                    .param("scopes", "openid", "profile")
                    .param("subjectType", "pairwise"))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", "no-store"))
            .andReturn();

    assertThat(result.getResponse().getContentAsString()).contains("s3cr3t-shown-once");
    assertThat(sessionValues(session)).noneMatch(value -> value.contains("s3cr3t-shown-once"));
    assertThat(result.getFlashMap().isEmpty()).isTrue();
  }

  @Test
  void createSendsTheFormAsTheContractsBody() throws Exception {
    roles(true, false);
    given(api.send(eq(HttpMethod.POST), eq("/api/admin/clients"), any()))
        .willReturn(Map.of("client", client("city-library", "console")));

    mvc.perform(
            post("/staff/services")
                .with(signedIn())
                .with(csrf())
                .param("clientId", "city-library")
                .param("name", "市立図書館")
                .param("type", "public")
                .param("tokenEndpointAuthMethod", "none")
                .param("redirectUris", "https://library.example/a\r\n\r\nhttps://library.example/b")
                .param("scopes", "openid")
                .param("subjectType", "pairwise"))
        .andExpect(status().isOk());

    org.mockito.ArgumentCaptor<Object> body = org.mockito.ArgumentCaptor.forClass(Object.class);
    verify(api).send(eq(HttpMethod.POST), eq("/api/admin/clients"), body.capture());
    @SuppressWarnings("unchecked")
    Map<String, Object> sent = (Map<String, Object>) body.getValue();
    assertThat(sent)
        .containsEntry("clientId", "city-library")
        .containsEntry("type", "public")
        .containsEntry("tokenEndpointAuthMethod", "none")
        .containsEntry(
            "redirectUris", List.of("https://library.example/a", "https://library.example/b"))
        .containsEntry("scopes", List.of("openid"));
  }

  @Test
  void createWhenTheApiAnswers409ThenTheFormSaysTheIdIsTakenAndKeepsWhatWasTyped()
      throws Exception {
    roles(true, false);
    given(api.send(eq(HttpMethod.POST), eq("/api/admin/clients"), any()))
        .willThrow(refusal(ApiFailure.CONFLICT, 409, "client_exists"));

    String page = body(mvc.perform(validCreate()).andExpect(status().isConflict()));

    assertThat(page)
        .contains("id=\"form-errors\"", "このクライアントIDはもう使われています", "value=\"city-library\"");
  }

  @Test
  void createWhenTheApiAnswers400ThenThePlainRefusalAndTheFormKept() throws Exception {
    roles(true, false);
    given(api.send(eq(HttpMethod.POST), eq("/api/admin/clients"), any()))
        .willThrow(refusal(ApiFailure.INVALID_REQUEST, 400, "invalid_request"));

    String page = body(mvc.perform(validCreate()).andExpect(status().isBadRequest()));

    assertThat(page).contains("入力は消えていません", "CU-TEST0001", "value=\"city-library\"");
  }

  @Test
  void createWhenTheFormIsWrongThenFieldsNamedAndTheApiNotAsked() throws Exception {
    roles(true, false);

    String page =
        body(
            mvc.perform(
                    post("/staff/services")
                        .with(signedIn())
                        .with(csrf())
                        .param("clientId", "Bad Id!")
                        .param("name", "")
                        .param("type", "confidential")
                        .param("redirectUris", "http://evil.example/callback")
                        // The checkboxes' marker (th:field): none ticked.
                        .param("_scopes", "on")
                        .param("subjectType", "pairwise"))
                .andExpect(status().isBadRequest()));

    assertThat(page)
        .contains(
            "href=\"#clientId\"", "href=\"#name\"", "href=\"#redirectUris\"", "href=\"#scopes\"")
        .contains("aria-invalid=\"true\"");
    verify(api, never()).send(eq(HttpMethod.POST), anyString(), any());
  }

  @Test
  void editWhenTheServiceIsConfiguredThenThe409IsAPlainSentence() throws Exception {
    roles(true, false);
    given(api.get("/api/admin/clients/{clientId}", "portal"))
        .willReturn(client("portal", "configuration"));
    given(api.send(eq(HttpMethod.PATCH), eq("/api/admin/clients/{clientId}"), any(), eq("portal")))
        .willThrow(refusal(ApiFailure.CONFLICT, 409, "configured_client"));

    String page =
        body(
            mvc.perform(
                    post("/staff/services/portal")
                        .with(signedIn())
                        .with(csrf())
                        .param("name", "portal")
                        .param("redirectUris", "https://portal.example/callback")
                        .param("scopes", "openid"))
                .andExpect(status().isConflict()));

    assertThat(page).contains("data-problem=\"configured_client\"", "設定ファイルのサービスは変更できません");
  }

  @Test
  void jwksWithAPrivateKeyIsRefusedHereAndNeverSent() throws Exception {
    roles(true, false);
    given(api.get("/api/admin/clients/{clientId}", "city-library"))
        .willReturn(client("city-library", "console"));
    String privateKey =
        "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\",\"d\":\"secret\"}]}";

    String page =
        body(
            mvc.perform(
                    multipart("/staff/services/city-library/jwks")
                        .file(
                            new MockMultipartFile(
                                "jwksFile", "keys.json", "application/json", privateKey.getBytes()))
                        .with(signedIn())
                        .with(csrf()))
                .andExpect(status().isBadRequest()));

    assertThat(page).contains("id=\"jwks-error\"", "秘密鍵が含まれています");
    verify(api, never()).send(eq(HttpMethod.PUT), anyString(), any(), any());
  }

  @Test
  void jwksWithPublicKeysIsSentAsItIs() throws Exception {
    roles(true, false);
    String publicKeys = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}]}";
    given(
            api.send(
                eq(HttpMethod.PUT),
                eq("/api/admin/clients/{clientId}/jwks"),
                any(),
                eq("city-library")))
        .willReturn(client("city-library", "console"));

    mvc.perform(
            post("/staff/services/city-library/jwks")
                .with(signedIn())
                .with(csrf())
                .param("jwks", publicKeys))
        .andExpect(redirectedUrl("/staff/services/city-library?done=jwks"));

    verify(api)
        .send(HttpMethod.PUT, "/api/admin/clients/{clientId}/jwks", publicKeys, "city-library");
  }

  // --- fresh card tap --------------------------------------------------------------------------

  @Test
  void rotateSecretWhenTheApiAsksForAFreshTapThenThroughTheIdpWithMaxAgeZero() throws Exception {
    roles(true, false);
    given(api.post("/api/admin/clients/{clientId}/secret", "city-library"))
        .willThrow(refusal(ApiFailure.FRESH_TAP_REQUIRED, 401, "insufficient_user_authentication"));

    assertFreshTapThenBackTo(
        post("/staff/services/city-library/secret"), "/staff/services/city-library/secret");
  }

  @Test
  void disableWhenTheApiAsksForAFreshTapThenThroughTheIdpWithMaxAgeZero() throws Exception {
    roles(true, false);
    given(api.post("/api/admin/clients/{clientId}/disable", "city-library"))
        .willThrow(refusal(ApiFailure.FRESH_TAP_REQUIRED, 401, "insufficient_user_authentication"));

    assertFreshTapThenBackTo(
        post("/staff/services/city-library/disable"), "/staff/services/city-library/disable");
  }

  @Test
  void rotateKeysWhenTheApiAsksForAFreshTapThenThroughTheIdpWithMaxAgeZero() throws Exception {
    roles(true, false);
    given(api.sendForList(HttpMethod.POST, "/api/admin/keys/rotate", null))
        .willThrow(refusal(ApiFailure.FRESH_TAP_REQUIRED, 401, "insufficient_user_authentication"));

    assertFreshTapThenBackTo(post("/staff/keys/rotate"), "/staff/keys/rotate");
  }

  private void assertFreshTapThenBackTo(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder action,
      String confirmation)
      throws Exception {
    MockHttpSession session = new MockHttpSession();
    mvc.perform(action.session(session).with(signedIn()).with(csrf()))
        .andExpect(redirectedUrl("/oauth2/authorization/ishikawa-id"));

    MvcResult toIdp =
        mvc.perform(get("/oauth2/authorization/ishikawa-id").session(session))
            .andExpect(status().is3xxRedirection())
            .andReturn();
    String location = toIdp.getResponse().getRedirectedUrl();
    assertThat(location)
        .startsWith("https://idp.example/oauth2/authorize?")
        .contains("max_age=0")
        .contains("acr_values=urn:ishikawa-id:acr:jpki")
        .contains("code_challenge=");
    assertThat(sessionValues(session)).contains(confirmation);
  }

  @Test
  void rotateSecretWhenTheApiAnswersNoSecretThenAPlainSentence() throws Exception {
    roles(true, false);
    given(api.post("/api/admin/clients/{clientId}/secret", "city-library"))
        .willThrow(refusal(ApiFailure.CONFLICT, 409, "no_secret"));

    String page =
        body(
            mvc.perform(post("/staff/services/city-library/secret").with(signedIn()).with(csrf()))
                .andExpect(status().isConflict()));

    assertThat(page).contains("data-problem=\"no_secret\"", "CU-TEST0001");
  }

  @Test
  void rotateSecretWhenFreshThenTheNewSecretOnThisPageOnly() throws Exception {
    roles(true, false);
    given(api.post("/api/admin/clients/{clientId}/secret", "city-library"))
        .willReturn(Map.of("clientId", "city-library", "clientSecret", "rotated-secret-value"));
    given(api.get("/api/admin/clients/{clientId}", "city-library"))
        .willReturn(client("city-library", "console"));
    MockHttpSession session = new MockHttpSession();

    String page =
        body(
            mvc.perform(
                    post("/staff/services/city-library/secret")
                        .session(session)
                        .with(signedIn())
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store")));

    assertThat(page).contains("rotated-secret-value", "id=\"secret-warning\"");
    assertThat(sessionValues(session)).noneMatch(value -> value.contains("rotated-secret-value"));
  }

  @Test
  void confirmationPageWithoutATapSaysACardReadIsNext() throws Exception {
    roles(true, false);
    given(api.get("/api/admin/clients/{clientId}", "city-library"))
        .willReturn(client("city-library", "console"));

    String page =
        body(
            mvc.perform(get("/staff/services/city-library/disable").with(signedIn()))
                .andExpect(status().isOk()));

    assertThat(page)
        .contains("id=\"confirm-action\"", "id=\"tap-hint\"")
        .doesNotContain("id=\"tapped\"");
  }

  // --- keys, audit, statistics, residents ------------------------------------------------------

  @Test
  void keysAreListedActiveThenNextThenRetired() throws Exception {
    roles(true, false);
    given(api.getList("/api/admin/keys"))
        .willReturn(
            List.of(
                key("k-retired", "retired", "2026-11-01T00:00:00Z"),
                key("k-next", "next", "2026-12-02T00:00:00Z"),
                key("k-active", "active", "2026-11-20T00:00:00Z")));

    String page = body(mvc.perform(get("/staff/keys").with(signedIn())).andExpect(status().isOk()));

    assertThat(page.indexOf("data-kid=\"k-active\""))
        .isLessThan(page.indexOf("data-kid=\"k-next\""));
    assertThat(page.indexOf("data-kid=\"k-next\""))
        .isLessThan(page.indexOf("data-kid=\"k-retired\""));
    assertThat(page).contains("id=\"rotate-keys\"");
  }

  private static Map<String, Object> key(String kid, String status, String created) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("kid", kid);
    key.put("algorithm", "ES256");
    key.put("status", status);
    key.put("createdAt", created);
    key.put("signsFrom", created);
    key.put("retiredAt", null);
    key.put("publishedUntil", null);
    return key;
  }

  @Test
  void auditShowsTheFirstBrokenLinkProminently() throws Exception {
    roles(false, true);
    Map<String, Object> broken = new LinkedHashMap<>();
    broken.put("seq", 42);
    broken.put("event_id", "evt-42");
    broken.put("problem", "hash_mismatch");
    broken.put("detail", "x");
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("result", "broken");
    verdict.put("events", 100);
    verdict.put("unchained", 0);
    verdict.put("head", Map.of("seq", 100));
    verdict.put("first_broken", broken);
    given(api.get("/api/admin/audit/verify")).willReturn(verdict);
    given(api.get(eq("/api/admin/audit?limit={limit}"), any(Object[].class)))
        .willReturn(Map.of("events", List.of()));

    String page =
        body(mvc.perform(get("/staff/audit").with(signedIn())).andExpect(status().isOk()));

    assertThat(page).contains("id=\"chain-broken\"", "番号 42", "記録の内容がハッシュと合いません", "evt-42");
  }

  @Test
  void auditSendsOnlyTheFieldsFilledInAsInstants() throws Exception {
    roles(false, true);
    given(api.get("/api/admin/audit/verify"))
        .willReturn(
            Map.of("result", "intact", "events", 3, "unchained", 0, "head", Map.of("seq", 3)));
    given(api.get(anyString(), any(Object[].class))).willReturn(Map.of("events", List.of()));

    mvc.perform(
            get("/staff/audit")
                .param("from", "2026-12-01T09:00")
                .param("event", "consent.given")
                .param("client", "")
                .param("ishikawaId", " ")
                .with(signedIn()))
        .andExpect(status().isOk());

    verify(api)
        .get(
            "/api/admin/audit?from={from}&event={event}&limit={limit}",
            java.time.Instant.parse("2026-12-01T00:00:00Z"),
            "consent.given",
            100);
  }

  @Test
  void auditWhenTheRangeIsBackwardsThenAPlainErrorAndNoSearch() throws Exception {
    roles(false, true);
    given(api.get("/api/admin/audit/verify"))
        .willReturn(
            Map.of("result", "intact", "events", 3, "unchained", 0, "head", Map.of("seq", 3)));

    String page =
        body(
            mvc.perform(
                    get("/staff/audit")
                        .param("from", "2026-12-02T09:00")
                        .param("to", "2026-12-01T09:00")
                        .with(signedIn()))
                .andExpect(status().isBadRequest()));

    assertThat(page).contains("「いつから」は「いつまで」より前にしてください");
    verify(api, never())
        .get(org.mockito.ArgumentMatchers.startsWith("/api/admin/audit?from"), any(Object[].class));
  }

  @Test
  void statisticsDrawsWithTheServedEchartsAndRepeatsTheFiguresInATable() throws Exception {
    roles(false, true);
    given(api.get(eq("/api/admin/statistics/consents?from={from}&to={to}"), any(Object[].class)))
        .willReturn(
            Map.of(
                "from", "2026-11-01T15:00:00Z",
                "to", "2026-12-01T15:00:00Z",
                "time_zone", "Asia/Tokyo",
                "services",
                    List.of(
                        Map.of(
                            "client_id",
                            "portal",
                            "days",
                            List.of(
                                Map.of("date", "2026-11-30", "given", 5, "withdrawn", 1),
                                Map.of("date", "2026-12-01", "given", 2, "withdrawn", 0))))));

    String page =
        body(
            mvc.perform(
                    get("/staff/statistics")
                        .param("from", "2026-11-02")
                        .param("to", "2026-12-01")
                        .with(signedIn()))
                .andExpect(status().isOk()));

    assertThat(page)
        .contains("/webjars/echarts/5.3.1/dist/echarts.min.js", "/js/staff-statistics.js")
        .contains("id=\"statistics-totals\"", ">7<", ">1<")
        .contains("\"given\":[5,2]");
    verify(api)
        .get(
            "/api/admin/statistics/consents?from={from}&to={to}",
            java.time.Instant.parse("2026-11-01T15:00:00Z"),
            java.time.Instant.parse("2026-12-01T15:00:00Z"));
    mvc.perform(get("/webjars/echarts/5.3.1/dist/echarts.min.js").with(signedIn()))
        .andExpect(status().isOk());
  }

  @Test
  void statisticsWhenLongerThanTheApiAllowsThenAPlainErrorAndNoCall() throws Exception {
    roles(false, true);

    mvc.perform(
            get("/staff/statistics")
                .param("from", "2025-01-01")
                .param("to", "2026-12-01")
                .with(signedIn()))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("期間は366日までにしてください")));
    verify(api, never())
        .get(eq("/api/admin/statistics/consents?from={from}&to={to}"), any(Object[].class));
  }

  @Test
  void residentLookupShowsMetadataOnly() throws Exception {
    roles(false, true);
    given(api.get("/api/admin/residents/{id}", "ISK-123"))
        .willReturn(
            Map.of(
                "ishikawa_id",
                "ISK-123",
                "status",
                "active",
                "created_at",
                "2026-11-01T00:00:00Z",
                "cards",
                List.of(),
                "services_with_consent",
                List.of("portal"),
                "consent_records",
                2));

    String page =
        body(
            mvc.perform(get("/staff/residents").param("id", "ISK-123").with(signedIn()))
                .andExpect(status().isOk()));

    assertThat(page).contains("id=\"resident\"", "ISK-123", "portal", "id=\"staff-nav-residents\"");
  }

  @Test
  void residentLookupWhenTheCallerLacksSupportThenNotStaffPage() throws Exception {
    roles(false, true);
    given(api.get("/api/admin/residents/{id}", "ISK-123"))
        .willThrow(refusal(ApiFailure.FORBIDDEN, 403, "insufficient_role"));

    mvc.perform(get("/staff/residents").param("id", "ISK-123").with(signedIn()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"not-staff\"")));
  }

  @Test
  void residentLookupPageNeverLooksAnyoneUpByItself() throws Exception {
    roles(false, true);

    mvc.perform(get("/staff/residents").with(signedIn())).andExpect(status().isOk());

    verify(api, never()).get(eq("/api/admin/residents/{id}"), any(Object[].class));
  }

  // --- helpers ----------------------------------------------------------------------------------

  private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder validCreate() {
    return post("/staff/services")
        .with(signedIn())
        .with(csrf())
        .param("clientId", "city-library")
        .param("name", "市立図書館")
        .param("type", "confidential")
        .param("redirectUris", "https://library.example/callback")
        .param("scopes", "openid")
        .param("subjectType", "pairwise");
  }

  private static String body(org.springframework.test.web.servlet.ResultActions actions)
      throws Exception {
    return actions.andReturn().getResponse().getContentAsString();
  }

  private static List<String> sessionValues(HttpSession session) {
    return Collections.list(session.getAttributeNames()).stream()
        .map(name -> String.valueOf(session.getAttribute(name)))
        .toList();
  }
}
