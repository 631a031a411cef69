package io.tcconnector.ingress;

import java.io.IOException;
import java.util.List;

import io.tcconnector.config.TradecloudProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses webhooks from outside the allowed source networks
 * ({@code tradecloud.webhook.allowed-networks}, CIDR; everyone when empty) with 403,
 * before anything else is done with them. The source is the peer's address; only a peer
 * that is one of the trusted proxies ({@code tradecloud.webhook.trusted-proxies}) may
 * name another with {@code X-Forwarded-For}, and then the last address in that header
 * that is not itself a trusted proxy counts.
 */
public class SourceNetworkFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SourceNetworkFilter.class);

	private final List<IpAddressMatcher> allowed;

	private final List<IpAddressMatcher> proxies;

	private final JsonErrorWriter errors;

	public SourceNetworkFilter(TradecloudProperties.Webhook settings, JsonErrorWriter errors) {
		this.allowed = matchers(settings.allowedNetworks());
		this.proxies = matchers(settings.trustedProxies());
		this.errors = errors;
		if (!this.allowed.isEmpty()) {
			log.info("Webhooks accepted from {} only{}", settings.allowedNetworks(),
					this.proxies.isEmpty() ? "" : ", X-Forwarded-For believed from " + settings.trustedProxies());
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.allowed.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		String source = source(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
		if (matchesAny(this.allowed, source)) {
			chain.doFilter(request, response);
			return;
		}
		log.warn("Refused {} {} from {}: not in tradecloud.webhook.allowed-networks", request.getMethod(),
				request.getRequestURI(), source);
		this.errors.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden_network",
				"webhooks are not accepted from this network");
	}

	/**
	 * The address a request comes from.
	 * @param peer the address of the TCP peer
	 * @param forwardedFor the {@code X-Forwarded-For} header, or null
	 * @return the peer, or, when the peer is a trusted proxy, the last address of the
	 * header that is not a trusted proxy
	 */
	public String source(String peer, String forwardedFor) {
		if (!matchesAny(this.proxies, peer) || !StringUtils.hasText(forwardedFor)) {
			return peer;
		}
		String[] hops = forwardedFor.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].strip();
			if (!isAddress(hop)) {
				// a header this proxy did not write cleanly: believe only the peer
				return peer;
			}
			if (!matchesAny(this.proxies, hop)) {
				return hop;
			}
		}
		return hops[0].strip();
	}

	private static boolean isAddress(String text) {
		return text.matches("[0-9.]{7,15}") || (text.contains(":") && text.matches("[0-9A-Fa-f:.]{2,45}"));
	}

	private static boolean matchesAny(List<IpAddressMatcher> matchers, String address) {
		if (address == null || !isAddress(address)) {
			return false;
		}
		for (IpAddressMatcher matcher : matchers) {
			if (matcher.matches(address)) {
				return true;
			}
		}
		return false;
	}

	private static List<IpAddressMatcher> matchers(List<String> networks) {
		return networks.stream().filter(StringUtils::hasText).map(String::strip).map(IpAddressMatcher::new).toList();
	}

}
