package io.tcconnector.console;

import java.io.IOException;
import java.util.Set;

import io.tcconnector.ingress.JsonErrorWriter;
import io.tcconnector.ingress.WebhookCredentials;
import io.tcconnector.ingress.WebhookSecurityConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.boot.web.servlet.server.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Who may use the console and the journal's API, in two filter chains:
 * <ul>
 * <li>the pages under {@code /console} need the operator to sign in with the form at
 * {@code /console/login} ({@code tradecloud.admin.*}; nothing else signs in there, the
 * webhook credentials least of all): a session, its cookie HttpOnly and SameSite=Strict,
 * ended by {@code POST /console/logout}. Only the sign-in page and the style sheet and
 * script it uses are open; a page asked for before signing in is shown after it.</li>
 * <li>the JSON API under {@code /admin/events} (and {@code /admin/console/session}) takes
 * that session, as the console's pages call it, or the operator's Basic credentials, for
 * curl; it never starts a session itself. Webhook credentials get 403.</li>
 * </ul>
 * Every POST (sign in, sign out, actions) needs the CSRF token: the {@code XSRF-TOKEN}
 * cookie's value in the {@code _csrf} form field or the {@code X-XSRF-TOKEN} header. A
 * Content-Security-Policy forbids inline scripts and styles.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
			+ " img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

	static final String LOGIN_PAGE = "/console/login";

	static final String LOGOUT = "/console/logout";

	/** What the sign-in page needs before anyone has signed in. */
	private static final Set<String> OPEN = Set.of(LOGIN_PAGE, "/console/console.css", "/console/console.js");

	@Bean
	@Order(1)
	SecurityFilterChain consolePagesSecurity(HttpSecurity http, WebhookCredentials credentials, JsonErrorWriter errors)
			throws Exception {
		// a page asked for before signing in (a link to a search) is shown after it
		HttpSessionRequestCache pages = new HttpSessionRequestCache();
		pages.setRequestMatcher((request) -> "GET".equals(request.getMethod()) && !OPEN.contains(pathOf(request)));
		pages.setMatchingRequestParameterName(null);
		SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
		success.setDefaultTargetUrl("/console");
		success.setRequestCache(pages);
		SimpleUrlAuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler(
				LOGIN_PAGE + "?error");
		return http.securityMatcher("/console", "/console/**")
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens()).csrfTokenRequestHandler(csrfHandler()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
			.requestCache((cache) -> cache.requestCache(pages))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny()))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(OPEN.toArray(String[]::new))
				.permitAll()
				.anyRequest()
				.hasRole("ADMIN"))
			.formLogin((form) -> form.loginPage(LOGIN_PAGE).successHandler((request, response, authentication) -> {
				log.info("Operator {} signed in to the console from {}", authentication.getName(),
						request.getRemoteAddr());
				success.onAuthenticationSuccess(request, response, authentication);
			}).failureHandler((request, response, exception) -> {
				log.warn("Console sign-in refused from {}: user name or password wrong", request.getRemoteAddr());
				failure.onAuthenticationFailure(request, response, exception);
			}).permitAll())
			.logout((logout) -> logout.logoutUrl(LOGOUT)
				.logoutSuccessUrl(LOGIN_PAGE + "?logout")
				.deleteCookies("JSESSIONID")
				.permitAll())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE))
				.accessDeniedHandler(denied(errors)))
			.authenticationProvider(operatorOnly(credentials))
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain consoleApiSecurity(HttpSecurity http, WebhookCredentials credentials, JsonErrorWriter errors)
			throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, failure) -> {
			log.warn("Refused {} {} from {}: operator credentials missing or wrong", request.getMethod(),
					request.getRequestURI(), request.getRemoteAddr());
			// the console's own requests (its session ended): no browser dialog
			if (request.getHeader("X-Requested-With") == null) {
				response.addHeader("WWW-Authenticate", "Basic realm=\"tradecloud-admin\", charset=\"UTF-8\"");
			}
			errors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
					"operator credentials missing or wrong");
		};
		return http.securityMatcher("/admin/events", "/admin/events/**", "/admin/console/**")
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens()).csrfTokenRequestHandler(csrfHandler()))
			// the console's session is used, none is started or written to: Basic and
			// webhook credentials sign in one request, never the session it came with
			.securityContext((context) -> context.securityContextRepository(new DelegatingSecurityContextRepository(
					new RequestAttributeSecurityContextRepository(), readingSessions())))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny()))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
			.httpBasic((basic) -> basic.realmName("tradecloud-admin")
				.authenticationEntryPoint(unauthorized)
				.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(denied(errors)))
			.authenticationProvider(WebhookSecurityConfiguration.basicProvider(credentials))
			.build();
	}

	/**
	 * The console's session cookie: HttpOnly, SameSite=Strict and only ever a cookie
	 * (never a {@code ;jsessionid} in a URL), unless {@code server.servlet.session.*}
	 * says otherwise. Secure follows the connection (HTTPS: secure).
	 * @return the customizer
	 */
	@Bean
	WebServerFactoryCustomizer<AbstractServletWebServerFactory> consoleSessionCookie() {
		return (factory) -> {
			Session session = factory.getSession();
			if (session.getCookie().getHttpOnly() == null) {
				session.getCookie().setHttpOnly(true);
			}
			if (session.getCookie().getSameSite() == null) {
				session.getCookie().setSameSite(SameSite.STRICT);
			}
			if (session.getTrackingModes() == null) {
				session.setTrackingModes(Set.of(Session.SessionTrackingMode.COOKIE));
			}
		};
	}

	/**
	 * Signs in the operator and no one else.
	 */
	static AuthenticationProvider operatorOnly(WebhookCredentials credentials) {
		return WebhookSecurityConfiguration.passwordProvider(
				(username, password) -> credentials.matchesAdmin(username, password) ? "ROLE_ADMIN" : null);
	}

	/**
	 * The console's sessions, read and never written.
	 */
	private static SecurityContextRepository readingSessions() {
		HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
		sessions.setAllowSessionCreation(false);
		return new SecurityContextRepository() {

			@Override
			@Deprecated
			public SecurityContext loadContext(HttpRequestResponseHolder holder) {
				return sessions.loadDeferredContext(holder.getRequest()).get();
			}

			@Override
			public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
				return sessions.loadDeferredContext(request);
			}

			@Override
			public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
				// signing in happens at /console/login only
			}

			@Override
			public boolean containsContext(HttpServletRequest request) {
				return sessions.containsContext(request);
			}

		};
	}

	private static CookieCsrfTokenRepository csrfTokens() {
		return CookieCsrfTokenRepository.withHttpOnlyFalse();
	}

	/**
	 * The token as the cookie holds it (no per-request masking: the console reads it from
	 * the cookie), loaded on every request so that the cookie is always there.
	 */
	private static CsrfTokenRequestAttributeHandler csrfHandler() {
		CsrfTokenRequestAttributeHandler handler = new CsrfTokenRequestAttributeHandler();
		handler.setCsrfRequestAttributeName(null);
		return handler;
	}

	private static AccessDeniedHandler denied(JsonErrorWriter errors) {
		return (request, response, denied) -> {
			boolean csrf = denied instanceof CsrfException;
			log.warn("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
					csrf ? "no valid CSRF token" : "credentials valid, but not for this path");
			write(errors, response, csrf);
		};
	}

	private static void write(JsonErrorWriter errors, HttpServletResponse response, boolean csrf) throws IOException {
		errors.write(response, HttpServletResponse.SC_FORBIDDEN, csrf ? "csrf" : "forbidden",
				csrf ? "an action needs the CSRF token of /admin/console/session (header X-XSRF-TOKEN)"
						: "these credentials may not use this path");
	}

	private static String pathOf(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
