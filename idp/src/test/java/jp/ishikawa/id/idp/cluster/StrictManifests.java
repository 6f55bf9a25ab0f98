package jp.ishikawa.id.idp.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered Kubernetes YAML into the fabric8 model and refuses anything the Kubernetes API
 * does not know: fabric8 keeps an unknown field in an object's {@code additionalProperties} instead
 * of failing, so every object of the parsed tree is walked and any such field is reported with its
 * path ({@code Deployment/idp: spec.template.spec.containers[0].securityContext
 * .readOnlyRootFileSystem}). An unknown {@code kind} is refused too.
 */
final class StrictManifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StrictManifests() {}

  /** A manifest field the API does not define. */
  static final class UnknownFieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownFieldException(List<String> fields) {
      super("fields the Kubernetes API does not define: " + fields);
    }
  }

  /**
   * @throws UnknownFieldException when any object has a field its type does not define
   */
  static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof KubernetesList list) {
      objects.addAll(list.getItems());
    } else if (parsed instanceof List<?> list) {
      list.forEach(item -> objects.add((HasMetadata) item));
    } else {
      objects.add((HasMetadata) parsed);
    }
    List<String> unknown = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.Generic")) {
        unknown.add(object.getKind() + "/" + object.getMetadata().getName() + ": unknown kind");
        continue;
      }
      walk(object, object.getKind() + "/" + object.getMetadata().getName() + ":", unknown);
    }
    if (!unknown.isEmpty()) {
      throw new UnknownFieldException(unknown);
    }
    return objects;
  }

  private static void walk(Object value, String path, List<String> unknown) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        walk(item, path + "[" + index++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]", unknown));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class
          || getter.getDeclaringClass().isInterface()) {
        continue;
      }
      Object child = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> unknown.add(path + " " + key));
        }
        continue;
      }
      walk(child, path + " " + fieldName(getter), unknown);
    }
  }

  private static String fieldName(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
