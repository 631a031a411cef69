package io.tcconnector.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * An OpenTelemetry collector of the test's own: an HTTP server taking OTLP/HTTP trace
 * exports ({@code POST /v1/traces}, protobuf) and keeping their spans, read with just
 * enough of the protobuf wire format for the fields a test looks at.
 */
final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Span> spans = new CopyOnWriteArrayList<>();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	static OtlpReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			OtlpReceiver receiver = new OtlpReceiver(server);
			server.createContext("/v1/traces", (exchange) -> {
				try (InputStream in = exchange.getRequestBody()) {
					boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
					byte[] body = (gzip ? new GZIPInputStream(in) : in).readAllBytes();
					receiver.spans.addAll(decode(body));
				}
				catch (RuntimeException ex) {
					exchange.sendResponseHeaders(400, -1);
					exchange.close();
					throw ex;
				}
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String tracesUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<Span> spans() {
		return List.copyOf(this.spans);
	}

	List<Span> spansOf(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A span as exported.
	 *
	 * @param traceId the trace id, hex
	 * @param spanId the span id, hex
	 * @param parentSpanId the parent's span id, hex, empty for a root
	 * @param name the span's name
	 * @param kind 1 internal, 2 server, 3 client, 4 producer, 5 consumer
	 * @param attributes the string attributes
	 */
	record Span(String traceId, String spanId, String parentSpanId, String name, int kind,
			Map<String, String> attributes) {
	}

	/**
	 * ExportTraceServiceRequest: 1 resource_spans; ResourceSpans: 2 scope_spans;
	 * ScopeSpans: 2 spans.
	 */
	static List<Span> decode(byte[] request) {
		List<Span> spans = new ArrayList<>();
		for (byte[] resourceSpans : new Wire(request).messages(1)) {
			for (byte[] scopeSpans : new Wire(resourceSpans).messages(2)) {
				for (byte[] span : new Wire(scopeSpans).messages(2)) {
					spans.add(span(span));
				}
			}
		}
		return spans;
	}

	/** Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes. */
	private static Span span(byte[] bytes) {
		Wire wire = new Wire(bytes);
		HexFormat hex = HexFormat.of();
		Map<String, String> attributes = new LinkedHashMap<>();
		for (byte[] keyValue : wire.messages(9)) {
			Wire pair = new Wire(keyValue);
			List<byte[]> values = pair.messages(2);
			List<byte[]> strings = values.isEmpty() ? List.of() : new Wire(values.get(0)).messages(1);
			attributes.put(pair.string(1), strings.isEmpty() ? "" : new String(strings.get(0), StandardCharsets.UTF_8));
		}
		return new Span(hex.formatHex(wire.bytes(1)), hex.formatHex(wire.bytes(2)), hex.formatHex(wire.bytes(4)),
				wire.string(5), (int) wire.varint(6), attributes);
	}

	/** The fields of one protobuf message, by number. */
	private static final class Wire {

		private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

		Wire(byte[] bytes) {
			int[] at = { 0 };
			while (at[0] < bytes.length) {
				long key = readVarint(bytes, at);
				int field = (int) (key >>> 3);
				int type = (int) (key & 7);
				Object value = switch (type) {
					case 0 -> readVarint(bytes, at);
					case 1 -> skip(bytes, at, 8);
					case 2 -> {
						int length = (int) readVarint(bytes, at);
						yield skip(bytes, at, length);
					}
					case 5 -> skip(bytes, at, 4);
					default -> throw new IllegalArgumentException("wire type " + type);
				};
				this.fields.computeIfAbsent(field, (f) -> new ArrayList<>()).add(value);
			}
		}

		List<byte[]> messages(int field) {
			return this.fields.getOrDefault(field, List.of()).stream().map(byte[].class::cast).toList();
		}

		byte[] bytes(int field) {
			List<byte[]> all = messages(field);
			return all.isEmpty() ? new byte[0] : all.get(0);
		}

		String string(int field) {
			return new String(bytes(field), StandardCharsets.UTF_8);
		}

		long varint(int field) {
			List<Object> all = this.fields.getOrDefault(field, List.of());
			return all.isEmpty() ? 0 : (Long) all.get(0);
		}

		private static long readVarint(byte[] bytes, int[] at) {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				byte b = bytes[at[0]++];
				value |= (long) (b & 0x7f) << shift;
				if ((b & 0x80) == 0) {
					return value;
				}
			}
			throw new IllegalArgumentException("varint too long");
		}

		private static byte[] skip(byte[] bytes, int[] at, int length) {
			byte[] value = new byte[length];
			System.arraycopy(bytes, at[0], value, 0, length);
			at[0] += length;
			return value;
		}

	}

}
