package jp.ishikawa.id.verifier.revocation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * The CRLs signed by one root key, arranged for the scope rule of RFC 5280 §6.3.3 (b)(2): a CRL
 * without a distribution point name covers every certificate of the root; a partitioned CRL covers
 * the certificates whose cRLDistributionPoints name equals one of its names. Names compare as X.500
 * names; the DER bytes a CRL carries are indexed as well so that the usual case, a certificate
 * naming its municipality exactly as the CRL does, costs one hash lookup.
 */
final class IssuerCrls {

  private final List<LoadedCrl> full = new ArrayList<>();
  private final List<LoadedCrl> partitioned = new ArrayList<>();
  private final Map<ByteBuffer, List<LoadedCrl>> byEncodedName = new HashMap<>();

  IssuerCrls(List<LoadedCrl> crls) {
    Map<String, List<LoadedCrl>> byCanonicalName = new HashMap<>();
    for (LoadedCrl crl : crls) {
      if (crl.crl().distributionPoints().isEmpty()) {
        full.add(crl);
        continue;
      }
      partitioned.add(crl);
      for (X500Principal name : crl.crl().distributionPoints()) {
        byCanonicalName
            .computeIfAbsent(name.getName(X500Principal.CANONICAL), key -> new ArrayList<>())
            .add(crl);
      }
    }
    // Every encoding of a name leads to all CRLs with an equal name, however they encode it.
    for (LoadedCrl crl : partitioned) {
      for (X500Principal name : crl.crl().distributionPoints()) {
        byEncodedName.put(
            ByteBuffer.wrap(name.getEncoded()),
            List.copyOf(byCanonicalName.get(name.getName(X500Principal.CANONICAL))));
      }
    }
  }

  /** Any CRL, to name the root in messages. */
  LoadedCrl any() {
    return full.isEmpty() ? partitioned.get(0) : full.get(0);
  }

  /**
   * The CRLs whose scope includes a certificate with these distribution point names (DER of each
   * directoryName).
   */
  List<LoadedCrl> covering(List<byte[]> names, boolean certificateIsCa) {
    List<LoadedCrl> covering = new ArrayList<>(2);
    for (LoadedCrl crl : full) {
      addIfScoped(covering, crl, certificateIsCa);
    }
    for (byte[] name : names) {
      List<LoadedCrl> matching = byEncodedName.get(ByteBuffer.wrap(name));
      if (matching != null) {
        for (LoadedCrl crl : matching) {
          addIfScoped(covering, crl, certificateIsCa);
        }
        continue;
      }
      // No CRL carries these exact bytes: compare as X.500 names (other string types, case).
      X500Principal principal = new X500Principal(name);
      for (LoadedCrl crl : partitioned) {
        if (crl.crl().distributionPoints().contains(principal)) {
          addIfScoped(covering, crl, certificateIsCa);
        }
      }
    }
    return covering;
  }

  private static void addIfScoped(List<LoadedCrl> covering, LoadedCrl crl, boolean ca) {
    boolean excluded =
        (crl.crl().onlyUserCertificates() && ca) || (crl.crl().onlyCaCertificates() && !ca);
    if (!excluded && !covering.contains(crl)) {
      covering.add(crl);
    }
  }
}
