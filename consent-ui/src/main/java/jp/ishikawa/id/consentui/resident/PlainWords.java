package jp.ishikawa.id.consentui.resident;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What a service received, in words a resident understands: each scope (or claim) name the IdP
 * records becomes one sentence of the page's language ({@code item.*} in the message bundles), in a
 * fixed order (the personal facts first, the identifier last), each sentence once. A name we do not
 * know is shown as "other information (name)": never dropped, never guessed.
 */
@Component
public class PlainWords {

  /** Scope and claim names → the message key of their sentence, in the order shown. */
  static final Map<String, String> ITEMS =
      Map.ofEntries(
          Map.entry("profile", "item.profile"),
          Map.entry("name", "item.profile"),
          Map.entry("family_name", "item.profile"),
          Map.entry("given_name", "item.profile"),
          Map.entry("address", "item.address"),
          Map.entry("birthdate", "item.birthdate"),
          Map.entry("gender", "item.gender"),
          Map.entry("ishikawa_residency", "item.ishikawa_residency"),
          Map.entry("openid", "item.openid"),
          Map.entry("sub", "item.openid"));

  static final List<String> ORDER =
      List.of(
          "item.profile",
          "item.address",
          "item.birthdate",
          "item.gender",
          "item.ishikawa_residency",
          "item.openid");

  private final MessageSource messages;

  public PlainWords(MessageSource messages) {
    this.messages = messages;
  }

  /** The sentences for these data items, in {@code locale}. */
  public List<String> received(List<String> dataItems, Locale locale) {
    Set<String> keys = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String item : dataItems) {
      String key = ITEMS.get(item);
      if (key != null) {
        keys.add(key);
      } else if (!unknown.contains(item)) {
        unknown.add(item);
      }
    }
    List<String> sentences = new ArrayList<>();
    for (String key : ORDER) {
      if (keys.contains(key)) {
        sentences.add(messages.getMessage(key, null, locale));
      }
    }
    for (String item : unknown) {
      sentences.add(messages.getMessage("item.unknown", new Object[] {item}, locale));
    }
    return sentences;
  }

  /** Whether the service received nothing but the identifier (a sign-in, no consent screen). */
  public static boolean signInOnly(List<String> dataItems) {
    return dataItems.stream().allMatch(item -> "item.openid".equals(ITEMS.get(item)));
  }
}
