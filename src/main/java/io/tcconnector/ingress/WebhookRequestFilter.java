package io.tcconnector.ingress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.EventFormat;
import io.tcconnector.tradecloud.WebhookRejectedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a webhook request before anything reads its body: while the routes are not
 * running (the connector starting or stopping) it is answered 503, so that Tradecloud
 * retries it, never 404; a Content-Type other than JSON or XML is refused with 415, a
 * body over {@code tradecloud.webhook.max-body-size} with 413 (at once when the
 * Content-Length says so, while reading when the body comes chunked).
 */
public class WebhookRequestFilter extends OncePerRequestFilter {

	private final long maxBodySize;

	private final JsonErrorWriter errors;

	private final CamelContext camel;

	public WebhookRequestFilter(TradecloudProperties properties, JsonErrorWriter errors, CamelContext camel) {
		this.maxBodySize = properties.webhook().maxBodySize().toBytes();
		this.errors = errors;
		this.camel = camel;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.camel.isStarted()) {
			// the web server takes requests before the routes run and after they stop
			response.setHeader("Retry-After", "5");
			this.errors.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "not_ready",
					"the connector is starting or stopping; the event was not taken, retry later");
			return;
		}
		String contentType = request.getContentType();
		if (contentType != null && !contentType.isBlank()) {
			try {
				EventFormat.ofContentType(contentType);
			}
			catch (WebhookRejectedException ex) {
				this.errors.write(response, ex.getStatus(), ex.getError(), ex.getMessage());
				return;
			}
		}
		long length = request.getContentLengthLong();
		if (length > this.maxBodySize) {
			tooLarge(response);
			return;
		}
		if (length >= 0) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = readAtMost(request.getInputStream(), this.maxBodySize);
		if (body == null) {
			tooLarge(response);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		response.setHeader("Connection", "close");
		this.errors.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
				"body is larger than " + this.maxBodySize + " bytes");
	}

	private static byte[] readAtMost(InputStream in, long max) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			total += read;
			if (total > max) {
				return null;
			}
			out.write(buffer, 0, read);
		}
		return out.toByteArray();
	}

	/**
	 * A request whose chunked body has been read, within the limit, into memory.
	 */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body has already been read");
				}

			};
		}

	}

}
