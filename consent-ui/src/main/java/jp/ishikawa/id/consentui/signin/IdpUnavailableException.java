package jp.ishikawa.id.consentui.signin;

/**
 * The IdP could not be reached (discovery, sign-in or the management API): the resident sees a page
 * that says so in plain words and to try again later, never the technical detail.
 */
public class IdpUnavailableException extends RuntimeException {

  /** The request attribute that marks an error page as "the IdP is unreachable". */
  public static final String ATTRIBUTE = IdpUnavailableException.class.getName();

  public IdpUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
