package jp.ishikawa.id.consentui.api;

/**
 * Why a management API call did not succeed, as the pages explain it. Each maps from the API's
 * status and problem {@code code} (docs/management-api.md, "Refusals").
 */
public enum ApiFailure {
  /** The IdP did not answer (connection refused, timeout) or answered 5xx. */
  IDP_UNAVAILABLE,
  /**
   * {@code 401} {@code invalid_token} / {@code no_token}: the session's token is no longer good.
   */
  SIGNED_OUT,
  /**
   * {@code 401} {@code insufficient_user_authentication} (RFC 9470): a fresh card tap is needed.
   */
  FRESH_TAP_REQUIRED,
  /** {@code 403}: the caller lacks the role. */
  FORBIDDEN,
  /** {@code 404}: no such record of the caller's (or none at all). */
  NOT_FOUND,
  /** {@code 409}: the record's state does not allow it (already withdrawn, a configured client). */
  CONFLICT,
  /** {@code 400}: the request was refused as malformed. */
  INVALID_REQUEST,
  /** Any other answer the API does not document. */
  UNEXPECTED
}
