package jp.ishikawa.id.consentui.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.consentui.api.ApiFailure;
import jp.ishikawa.id.consentui.api.ManagementApiClient;
import jp.ishikawa.id.consentui.api.ManagementApiException;
import jp.ishikawa.id.consentui.signin.FreshTap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Services (the IdP's OIDC clients), for the {@code admin} role: the list (configured ones and
 * those made here), creating one, editing its redirect URIs and scopes, its JWK set, and the two
 * dangerous actions, rotating its secret and disabling it.
 *
 * <p>A new or rotated secret is in the answer to the {@code POST} only: rendered on that page,
 * never put in the session, the flash attributes or a redirect (and the page is {@code no-store}).
 * The dangerous actions are a confirmation page ({@code GET}) whose form posts to the same address;
 * when the API asks for a fresh card tap ({@code 401 insufficient_user_authentication}) the person
 * goes through the IdP with {@code max_age=0} and comes back to the confirmation, which says the
 * card was read, and confirms once more ({@link FreshTap}).
 */
@Controller
@RequestMapping(StaffPaths.SERVICES)
class ServiceController {

  /** A JWK set larger than this is not a few public keys. */
  static final int MAX_JWKS_BYTES = 64 * 1024;

  private final ManagementApiClient api;
  private final Clock clock;
  private final StaffRoleProbe probe;

  ServiceController(ManagementApiClient api, Clock clock, StaffRoleProbe probe) {
    this.api = api;
    this.clock = clock;
    this.probe = probe;
  }

  @ModelAttribute
  void adminOnly(HttpServletRequest request, Model model) {
    StaffRoles roles = probe.roles(request);
    StaffRoleMissingException.require(roles, roles != null && roles.admin(), "admin");
    model.addAttribute("scopeChoices", ServiceForm.SCOPES);
    model.addAttribute("typeChoices", ServiceForm.TYPES);
    model.addAttribute("authMethodChoices", ServiceForm.AUTH_METHODS);
    model.addAttribute("subjectTypeChoices", ServiceForm.SUBJECT_TYPES);
  }

  @GetMapping
  String list(Model model) {
    List<Map<String, Object>> clients = api.getList("/api/admin/clients");
    model.addAttribute("services", clients);
    return "staff/services";
  }

  @GetMapping("/new")
  String newService(Model model) {
    model.addAttribute("form", new ServiceForm());
    model.addAttribute("errors", Map.of());
    return "staff/service-new";
  }

  @PostMapping
  String create(
      @ModelAttribute("form") ServiceForm form, HttpServletResponse response, Model model) {
    Map<String, String> errors = form.check(true);
    if (!errors.isEmpty()) {
      return refused(response, 400, model, errors, null, "staff/service-new");
    }
    Map<String, Object> created;
    try {
      created = api.send(HttpMethod.POST, "/api/admin/clients", form.createBody());
    } catch (ManagementApiException e) {
      if (e.failure() == ApiFailure.CONFLICT || e.failure() == ApiFailure.INVALID_REQUEST) {
        Map<String, String> refusal =
            e.failure() == ApiFailure.CONFLICT
                ? Map.of("clientId", "client_exists")
                : Map.of("form", "refused");
        return refused(response, e.status(), model, refusal, e.reference(), "staff/service-new");
      }
      throw e;
    }
    noStore(response);
    model.addAttribute("service", created.get("client"));
    model.addAttribute("secret", created.get("clientSecret"));
    model.addAttribute("created", true);
    return "staff/secret";
  }

  @GetMapping("/{clientId}")
  String show(
      @PathVariable String clientId,
      @RequestParam(name = "done", required = false) @Nullable String done,
      Model model) {
    Map<String, Object> client = api.get("/api/admin/clients/{clientId}", clientId);
    model.addAttribute("service", client);
    model.addAttribute("form", ServiceForm.of(client));
    model.addAttribute("errors", Map.of());
    model.addAttribute("done", done == null ? null : Done.of(done));
    return "staff/service";
  }

  @PostMapping("/{clientId}")
  String update(
      @PathVariable String clientId,
      @ModelAttribute("form") ServiceForm form,
      HttpServletResponse response,
      Model model) {
    Map<String, Object> client = api.get("/api/admin/clients/{clientId}", clientId);
    form.setClientId(clientId);
    form.setType(String.valueOf(client.get("type")));
    model.addAttribute("service", client);
    Map<String, String> errors = form.check(false);
    if (!errors.isEmpty()) {
      return refused(response, 400, model, errors, null, "staff/service");
    }
    try {
      api.send(HttpMethod.PATCH, "/api/admin/clients/{clientId}", form.updateBody(), clientId);
    } catch (ManagementApiException e) {
      if (e.failure() == ApiFailure.INVALID_REQUEST) {
        return refused(
            response, e.status(), model, Map.of("form", "refused"), e.reference(), "staff/service");
      }
      throw e;
    }
    return "redirect:" + StaffPaths.SERVICES + "/{clientId}?done=saved";
  }

  /** The JWK set: pasted into the text area or chosen as a file (the file wins when both). */
  @PostMapping("/{clientId}/jwks")
  String jwks(
      @PathVariable String clientId,
      @RequestParam(name = "jwks", required = false) @Nullable String pasted,
      @RequestParam(name = "jwksFile", required = false) @Nullable MultipartFile file,
      HttpServletResponse response,
      Model model)
      throws IOException {
    String jwks = pasted == null ? "" : pasted.strip();
    if (file != null && !file.isEmpty()) {
      if (file.getSize() > MAX_JWKS_BYTES) {
        jwks = "";
      } else {
        jwks = new String(file.getBytes(), StandardCharsets.UTF_8).strip();
      }
    }
    String problem = JwkSetText.problem(jwks, MAX_JWKS_BYTES);
    if (problem == null) {
      try {
        api.send(HttpMethod.PUT, "/api/admin/clients/{clientId}/jwks", jwks, clientId);
        return "redirect:" + StaffPaths.SERVICES + "/{clientId}?done=jwks";
      } catch (ManagementApiException e) {
        if (e.failure() != ApiFailure.INVALID_REQUEST) {
          throw e;
        }
        problem = "refused";
        model.addAttribute("reference", e.reference());
      }
    }
    Map<String, Object> client = api.get("/api/admin/clients/{clientId}", clientId);
    model.addAttribute("service", client);
    model.addAttribute("form", ServiceForm.of(client));
    model.addAttribute("jwksText", pasted);
    return refused(response, 400, model, Map.of("jwks", problem), null, "staff/service");
  }

  @GetMapping("/{clientId}/secret")
  String confirmSecret(@PathVariable String clientId, HttpServletRequest request, Model model) {
    return confirmation(clientId, "secret", request, model);
  }

  /** Dangerous: a fresh card tap. The new secret is on this answer's page only. */
  @PostMapping("/{clientId}/secret")
  String rotateSecret(@PathVariable String clientId, HttpServletResponse response, Model model) {
    Map<String, Object> rotated = api.post("/api/admin/clients/{clientId}/secret", clientId);
    noStore(response);
    model.addAttribute("service", api.get("/api/admin/clients/{clientId}", clientId));
    model.addAttribute("secret", rotated.get("clientSecret"));
    model.addAttribute("created", false);
    return "staff/secret";
  }

  @GetMapping("/{clientId}/disable")
  String confirmDisable(@PathVariable String clientId, HttpServletRequest request, Model model) {
    return confirmation(clientId, "disable", request, model);
  }

  /** Dangerous: a fresh card tap. */
  @PostMapping("/{clientId}/disable")
  String disable(@PathVariable String clientId) {
    api.post("/api/admin/clients/{clientId}/disable", clientId);
    return "redirect:" + StaffPaths.SERVICES + "/{clientId}?done=disabled";
  }

  @PostMapping("/{clientId}/enable")
  String enable(@PathVariable String clientId) {
    api.post("/api/admin/clients/{clientId}/enable", clientId);
    return "redirect:" + StaffPaths.SERVICES + "/{clientId}?done=enabled";
  }

  private String confirmation(
      String clientId, String action, HttpServletRequest request, Model model) {
    model.addAttribute("service", api.get("/api/admin/clients/{clientId}", clientId));
    model.addAttribute("action", action);
    model.addAttribute("justTapped", FreshTap.justTapped(request, clock));
    return "staff/service-confirm";
  }

  private static String refused(
      HttpServletResponse response,
      int status,
      Model model,
      Map<String, String> errors,
      @Nullable String reference,
      String view) {
    response.setStatus(status);
    model.addAttribute("errors", errors);
    if (reference != null) {
      model.addAttribute("reference", reference);
    }
    return view;
  }

  static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
  }

  /** What the service page confirms after a change; anything else in {@code ?done=} is ignored. */
  enum Done {
    SAVED,
    JWKS,
    DISABLED,
    ENABLED;

    static @Nullable String of(String value) {
      for (Done done : values()) {
        if (done.name().equalsIgnoreCase(value)) {
          return done.name().toLowerCase(java.util.Locale.ROOT);
        }
      }
      return null;
    }
  }
}
