package jp.ishikawa.id.verifier.jpki;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import jp.ishikawa.id.verifier.model.Purpose;

/**
 * The distinguished names of the J-LIS certification authorities (JPKI.md §2), and how to tell a
 * certificate issuer's family (authentication or signature; production or test) from its name.
 * Every generation of one purpose shares one name, so a name only ever selects a family; the key
 * selects the root.
 */
public final class JpkiNames {

  private JpkiNames() {}

  public static final String ORGANISATION = "JPKI";
  public static final String TEST_ORGANISATION = "JPKI-TEST";
  public static final String AUTHENTICATION_UNIT = "JPKI for user authentication";
  public static final String SIGNATURE_UNIT = "JPKI for digital signature";
  public static final String JLIS_UNIT = "Japan Agency for Local Authority Information Systems";

  /** The authentication CA of every generation. */
  public static final X500Principal AUTHENTICATION_CA = caName(ORGANISATION, AUTHENTICATION_UNIT);

  /** The signature CA of every generation. */
  public static final X500Principal SIGNATURE_CA = caName(ORGANISATION, SIGNATURE_UNIT);

  /** The name a CA of {@code purpose} has, under organisation {@code organisation}. */
  public static X500Principal caName(Purpose purpose, String organisation) {
    return caName(organisation, purpose == Purpose.LOGIN ? AUTHENTICATION_UNIT : SIGNATURE_UNIT);
  }

  private static X500Principal caName(String organisation, String unit) {
    // RFC 2253 lists the most specific RDN first: this is C=JP, O=…, OU=…, OU=J-LIS in X.500 order.
    return new X500Principal("OU=" + JLIS_UNIT + ",OU=" + unit + ",O=" + organisation + ",C=JP");
  }

  /** Whether {@code name} belongs to the J-LIS test hierarchy ({@code O=JPKI-TEST}). */
  public static boolean isTestName(X500Principal name) {
    return values(name, "O").contains(TEST_ORGANISATION);
  }

  /**
   * The purpose a JPKI CA name stands for, from its organisational unit; empty for a name that is
   * not a JPKI CA name.
   */
  public static Optional<Purpose> familyOf(X500Principal name) {
    List<String> organisations = values(name, "O");
    if (!organisations.contains(ORGANISATION) && !organisations.contains(TEST_ORGANISATION)) {
      return Optional.empty();
    }
    List<String> units = values(name, "OU");
    if (units.contains(AUTHENTICATION_UNIT)) {
      return Optional.of(Purpose.LOGIN);
    }
    if (units.contains(SIGNATURE_UNIT)) {
      return Optional.of(Purpose.IDENTITY);
    }
    return Optional.empty();
  }

  /** The values of attribute {@code type} (e.g. "O", "OU", "CN", "L") in {@code name}. */
  public static List<String> values(X500Principal name, String type) {
    List<String> found = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(name.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase(type)) {
          found.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // An X500Principal always renders a parsable RFC 2253 name; nothing to report.
      return List.of();
    }
    return found;
  }
}
