package io.tcconnector.erp;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.delivery.TemporaryFailureException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * What the {@code erp-post} route needs to call the ERP ({@code tradecloud.erp.*}): the
 * {@code Authorization} header (Basic credentials, a static bearer token, or a bearer
 * token from the OAuth2 client credentials grant, with Spring Security's OAuth2 client:
 * fetched once, kept, fetched again shortly before it expires; at most one of the three)
 * and the time-outs, in milliseconds as the http component takes them.
 */
@Component("erpTarget")
public class ErpTarget {

	private static final Logger log = LoggerFactory.getLogger(ErpTarget.class);

	private static final String REGISTRATION = "erp";

	private static final String PRINCIPAL = "connector";

	private final String staticHeader;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager oauth2;

	private final InMemoryOAuth2AuthorizedClientService tokens;

	private final long connectTimeout;

	private final long requestTimeout;

	public ErpTarget(TradecloudProperties properties) {
		TradecloudProperties.Erp erp = properties.erp();
		List<String> configured = new ArrayList<>();
		if (StringUtils.hasText(erp.basic().username())) {
			configured.add("basic");
		}
		if (StringUtils.hasText(erp.bearerToken())) {
			configured.add("bearer-token");
		}
		if (erp.oauth2().tokenUri() != null || StringUtils.hasText(erp.oauth2().clientId())) {
			configured.add("oauth2");
		}
		if (configured.size() > 1) {
			throw new IllegalStateException("tradecloud.erp: configure one of basic, bearer-token and oauth2, not "
					+ String.join(" and ", configured));
		}
		this.staticHeader = staticHeader(erp);
		if (configured.contains("oauth2")) {
			InMemoryClientRegistrationRepository registrations = registrations(erp);
			this.tokens = new InMemoryOAuth2AuthorizedClientService(registrations);
			this.oauth2 = clientCredentials(erp, registrations, this.tokens);
		}
		else {
			this.tokens = null;
			this.oauth2 = null;
		}
		this.connectTimeout = erp.connectTimeout().toMillis();
		this.requestTimeout = erp.requestTimeout().toMillis();
		if (erp.isEnabled()) {
			log.info("ERP target {} ({} authentication)", erp.url(), configured.isEmpty() ? "no" : configured.get(0));
		}
	}

	/**
	 * Sets the {@code Authorization} header for the ERP, when the ERP wants one.
	 * @param exchange the exchange about to be POSTed to the ERP
	 */
	public void authorize(Exchange exchange) {
		if (this.staticHeader != null) {
			exchange.getMessage().setHeader("Authorization", this.staticHeader);
		}
		else if (this.oauth2 != null) {
			OAuth2AuthorizedClient client = this.oauth2
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION).principal(PRINCIPAL).build());
			if (client == null) {
				throw new IllegalStateException("no access token from the ERP's OAuth2 token endpoint");
			}
			exchange.getMessage().setHeader("Authorization", "Bearer " + client.getAccessToken().getTokenValue());
		}
	}

	/**
	 * Handles the ERP answering 401. With OAuth2 the access token was revoked or expired
	 * early: it is forgotten and the call counts as temporarily failed, so that it is
	 * tried again with a new token. With Basic or a static token the credentials are
	 * wrong: a functional failure.
	 * @param exchange the exchange whose call the ERP refused
	 */
	public void unauthorized(Exchange exchange) {
		Exception refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
		if (this.tokens != null) {
			this.tokens.removeAuthorizedClient(REGISTRATION, PRINCIPAL);
			log.warn("The ERP refused the access token; a new one is fetched for the next try");
			throw new TemporaryFailureException("the ERP refused the access token (HTTP 401)", refusal);
		}
		throw new IllegalStateException("the ERP refused the connector's credentials (HTTP 401)", refusal);
	}

	/**
	 * Time to establish a connection to the ERP.
	 * @return milliseconds
	 */
	public long connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Time for the ERP's answer.
	 * @return milliseconds
	 */
	public long requestTimeout() {
		return this.requestTimeout;
	}

	private static String staticHeader(TradecloudProperties.Erp erp) {
		if (StringUtils.hasText(erp.basic().username())) {
			String password = (erp.basic().password() != null) ? erp.basic().password() : "";
			return Codecs.basicAuthorization(erp.basic().username(), password);
		}
		if (StringUtils.hasText(erp.bearerToken())) {
			return "Bearer " + erp.bearerToken().strip();
		}
		return null;
	}

	private static InMemoryClientRegistrationRepository registrations(TradecloudProperties.Erp erp) {
		TradecloudProperties.ErpOAuth2 settings = erp.oauth2();
		if (settings.tokenUri() == null || !StringUtils.hasText(settings.clientId())
				|| !StringUtils.hasText(settings.clientSecret())) {
			throw new IllegalStateException(
					"tradecloud.erp.oauth2 needs token-uri, client-id and client-secret (scope is optional)");
		}
		ClientRegistration.Builder registration = ClientRegistration.withRegistrationId(REGISTRATION)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.clientId(settings.clientId())
			.clientSecret(settings.clientSecret())
			.tokenUri(settings.tokenUri().toString());
		if (StringUtils.hasText(settings.scope())) {
			registration.scope(StringUtils.commaDelimitedListToStringArray(settings.scope().replace(' ', ',')));
		}
		return new InMemoryClientRegistrationRepository(registration.build());
	}

	private static AuthorizedClientServiceOAuth2AuthorizedClientManager clientCredentials(TradecloudProperties.Erp erp,
			InMemoryClientRegistrationRepository registrations, InMemoryOAuth2AuthorizedClientService tokens) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(erp.connectTimeout()).build());
		requests.setReadTimeout(erp.requestTimeout());
		RestClientClientCredentialsTokenResponseClient tokenResponses = new RestClientClientCredentialsTokenResponseClient();
		tokenResponses.setRestClient(RestClient.builder().requestFactory(requests).messageConverters((converters) -> {
			converters.clear();
			converters.add(new FormHttpMessageConverter());
			converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
		}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build());
		ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
		provider.setAccessTokenResponseClient(tokenResponses);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, tokens);
		manager.setAuthorizedClientProvider(provider);
		return manager;
	}

}
