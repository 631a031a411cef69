package io.tcconnector.console;

import io.tcconnector.ingress.JsonErrorWriter;
import io.tcconnector.ingress.WebhookCredentials;
import io.tcconnector.ingress.WebhookSecurityConfiguration;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Who may use the console and the journal's API: the pages under {@code /console} are
 * static and open (they hold no data), everything they show comes from
 * {@code /admin/events}, which needs the operator's Basic credentials
 * ({@code tradecloud.admin.*}; webhook credentials get 403). Actions (POST) need the CSRF
 * token of {@code /admin/console/session} in the {@code X-XSRF-TOKEN} header, with the
 * {@code XSRF-TOKEN} cookie. A Content-Security-Policy forbids inline scripts and styles.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
			+ " img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

	@Bean
	@Order(1)
	SecurityFilterChain consoleSecurity(HttpSecurity http, WebhookCredentials credentials, JsonErrorWriter errors)
			throws Exception {
		CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
		csrfHandler.setCsrfRequestAttributeName(null);
		return http.securityMatcher("/console", "/console/**", "/admin/events", "/admin/events/**", "/admin/console/**")
			.csrf((csrf) -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(csrfHandler))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny()))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/console", "/console/**")
				.permitAll()
				.anyRequest()
				.hasRole("ADMIN"))
			.httpBasic((basic) -> basic.realmName("tradecloud-admin")
				.authenticationEntryPoint((request, response, failure) -> {
					log.warn("Refused {} {} from {}: operator credentials missing or wrong", request.getMethod(),
							request.getRequestURI(), request.getRemoteAddr());
					// the console asks with its own form: no browser dialog for its
					// requests
					if (request.getHeader("X-Requested-With") == null) {
						response.addHeader("WWW-Authenticate", "Basic realm=\"tradecloud-admin\", charset=\"UTF-8\"");
					}
					errors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
							"operator credentials missing or wrong");
				}))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler((request, response, denied) -> {
				boolean csrf = denied instanceof CsrfException;
				log.warn("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
						request.getRemoteAddr(),
						csrf ? "no valid CSRF token" : "credentials valid, but not for this path");
				errors.write(response, HttpServletResponse.SC_FORBIDDEN, csrf ? "csrf" : "forbidden",
						csrf ? "an action needs the CSRF token of /admin/console/session (header X-XSRF-TOKEN)"
								: "these credentials may not use this path");
			}))
			.authenticationProvider(WebhookSecurityConfiguration.basicProvider(credentials))
			.build();
	}

}
