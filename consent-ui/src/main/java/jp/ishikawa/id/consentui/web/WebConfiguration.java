package jp.ishikawa.id.consentui.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Japanese first, as on the IdP: every page is Japanese unless the resident switches to やさしい日本語
 * ({@code ?lang=easy}) or English ({@code ?lang=en}); the choice is remembered in a cookie for a
 * year. An unknown {@code ?lang=} value is Japanese (and is not remembered): never an error page.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

  /** The query parameter that switches the language. */
  public static final String LANGUAGE_PARAMETER = "lang";

  @Bean
  LocaleResolver localeResolver() {
    return new ResidentLanguageResolver();
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(
        new HandlerInterceptor() {
          @Override
          public boolean preHandle(
              HttpServletRequest request, HttpServletResponse response, Object handler) {
            String code = request.getParameter(LANGUAGE_PARAMETER);
            if (code != null) {
              ResidentLanguageResolver.choose(
                  request,
                  ResidentLanguage.isKnown(code) ? response : null,
                  ResidentLanguage.fromCode(code));
            }
            return true;
          }
        });
  }
}
