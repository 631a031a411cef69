package io.tcconnector.ingress;

import java.io.IOException;
import java.util.List;
import java.util.function.BinaryOperator;

import io.tcconnector.config.TradecloudProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call the connector: every webhook needs Basic or static bearer credentials from
 * {@code tradecloud.webhook.*}; the dead-letter endpoints under {@code /admin} need the
 * operator's Basic credentials ({@code tradecloud.admin.*}); {@code /actuator/health} is
 * open; the rest of Actuator needs either. No credentials configured means every webhook
 * is refused.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WebhookSecurityConfiguration.class);

	private static final String REALM = "tradecloud-webhooks";

	@Bean
	SecurityFilterChain webhookSecurity(HttpSecurity http, WebhookCredentials credentials,
			WebhookBearerTokens bearerTokens, AuthenticationEntryPoint webhookEntryPoint, JsonErrorWriter errors)
			throws Exception {
		return http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.requestMatchers("/webhooks/**")
				.hasRole("WEBHOOK")
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> basic.realmName(REALM).authenticationEntryPoint(webhookEntryPoint))
			.oauth2ResourceServer((bearer) -> bearer.authenticationManagerResolver((request) -> bearerTokens.manager())
				.authenticationEntryPoint(webhookEntryPoint))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(webhookEntryPoint)
				.accessDeniedHandler((request, response, denied) -> {
					log.warn("Refused {} {} from {}: credentials valid, but not for this path", request.getMethod(),
							request.getRequestURI(), request.getRemoteAddr());
					errors.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
							"these credentials may not use this path");
				}))
			.authenticationProvider(basicProvider(credentials))
			.build();
	}

	/**
	 * Basic credentials: Tradecloud's (role WEBHOOK) or the operator's (role ADMIN).
	 * @param credentials the configured credentials
	 * @return the provider
	 */
	public static AuthenticationProvider basicProvider(WebhookCredentials credentials) {
		return passwordProvider((username, password) -> {
			if (credentials.matchesBasic(username, password)) {
				return "ROLE_WEBHOOK";
			}
			return credentials.matchesAdmin(username, password) ? "ROLE_ADMIN" : null;
		});
	}

	/**
	 * A user name and password, signed in with the role they match.
	 * @param roleOf the role (ROLE_...) of a user name and password, or null when they
	 * match none
	 * @return the provider
	 */
	public static AuthenticationProvider passwordProvider(BinaryOperator<String> roleOf) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				String username = authentication.getName();
				Object password = authentication.getCredentials();
				String role = roleOf.apply(username, (password != null) ? password.toString() : null);
				if (role == null) {
					throw new BadCredentialsException("wrong user name or password");
				}
				return UsernamePasswordAuthenticationToken.authenticated(username, null,
						AuthorityUtils.createAuthorityList(role));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

	/**
	 * Answers 401 with a challenge for each scheme and a short JSON body; logs the
	 * failure with the scheme and address, never the credentials.
	 */
	@Bean
	AuthenticationEntryPoint webhookEntryPoint(WebhookCredentials credentials, JsonErrorWriter errors) {
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) -> {
			String presented = schemeOf(request.getHeader("Authorization"));
			log.warn("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
					(presented == null) ? "no credentials" : "wrong " + presented + " credentials");
			if (request.getRequestURI().startsWith("/admin/")) {
				response.addHeader("WWW-Authenticate", "Basic realm=\"tradecloud-admin\", charset=\"UTF-8\"");
			}
			else {
				challenges(credentials).forEach((challenge) -> response.addHeader("WWW-Authenticate", challenge));
			}
			String detail = credentials.hasAny() ? "credentials missing or wrong"
					: "this connector has no webhook credentials configured and refuses every webhook";
			writeQuietly(errors, response, detail);
		};
	}

	private static List<String> challenges(WebhookCredentials credentials) {
		String basic = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
		String bearer = "Bearer realm=\"" + REALM + "\"";
		if (credentials.acceptsBearer() && !credentials.hasBasic()) {
			return List.of(bearer);
		}
		if (credentials.acceptsBearer()) {
			return List.of(basic, bearer);
		}
		return List.of(basic);
	}

	private static String schemeOf(String authorization) {
		if (authorization == null || authorization.isBlank()) {
			return null;
		}
		String scheme = authorization.strip().split("\\s+", 2)[0];
		return scheme.equalsIgnoreCase("basic") || scheme.equalsIgnoreCase("bearer") ? scheme : "unsupported";
	}

	private static void writeQuietly(JsonErrorWriter errors, HttpServletResponse response, String detail) {
		try {
			errors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", detail);
		}
		catch (IOException ex) {
			log.debug("Could not write the 401 answer", ex);
		}
	}

	/**
	 * The source network check, before authentication: a webhook from outside the allowed
	 * networks is refused before its credentials are looked at.
	 * @param properties the settings
	 * @param errors the error writer
	 * @return the filter registration
	 */
	@Bean
	FilterRegistrationBean<SourceNetworkFilter> sourceNetworkFilter(TradecloudProperties properties,
			JsonErrorWriter errors) {
		FilterRegistrationBean<SourceNetworkFilter> registration = new FilterRegistrationBean<>(
				new SourceNetworkFilter(properties.webhook(), errors));
		registration.addUrlPatterns("/webhooks/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	/**
	 * The request checks (routes running, Content-Type, body limit), right after
	 * authentication: an unknown caller cannot make the connector read a large body.
	 */
	@Bean
	FilterRegistrationBean<WebhookRequestFilter> webhookRequestFilter(TradecloudProperties properties,
			JsonErrorWriter errors, CamelContext camel) {
		FilterRegistrationBean<WebhookRequestFilter> registration = new FilterRegistrationBean<>(
				new WebhookRequestFilter(properties, errors, camel));
		registration.addUrlPatterns("/webhooks/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

}
