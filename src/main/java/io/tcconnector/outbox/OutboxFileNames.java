package io.tcconnector.outbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Header;

import org.springframework.stereotype.Component;

/**
 * Names the files written to the shared folders so that they never collide and sort by
 * arrival:
 * {@code 20261120-091502-114023_PO-1001_OrderLinesConfirmedBySupplier_0b6f3a52.json}, the
 * first arrival time to the microsecond first, then the purchase order number (the
 * shipment number for a shipment) and the event name for people browsing the folder, then
 * the start of the message id. The name is the same every time one event is delivered
 * (the first arrival is remembered), so that delivering it again replaces its file
 * instead of adding one.
 */
@Component("outboxFileNames")
public class OutboxFileNames {

	private static final DateTimeFormatter ARRIVAL = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSSSSS")
		.withZone(ZoneOffset.UTC);

	private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

	private static final int MAX_PART = 60;

	/**
	 * The file name for an event as received, of any kind.
	 * @param receivedAt the {@code tradecloudReceivedAt} header
	 * @param purchaseOrderNumber the purchase order number (order events), may be null
	 * @param shipmentNumber the shipment number (shipments), may be null
	 * @param eventName the event name, may be null
	 * @param format {@code json} or {@code xml}
	 * @param idempotencyKey the message id (or body hash)
	 * @return the file name
	 */
	public String eventFileName(@Header(TradecloudHeaders.RECEIVED_AT) String receivedAt,
			@Header(TradecloudHeaders.PURCHASE_ORDER_NUMBER) String purchaseOrderNumber,
			@Header(TradecloudHeaders.SHIPMENT_NUMBER) String shipmentNumber,
			@Header(TradecloudHeaders.EVENT_NAME) String eventName, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.IDEMPOTENCY_KEY) String idempotencyKey) {
		StringBuilder name = new StringBuilder(ARRIVAL.format(Instant.parse(receivedAt)));
		append(name, (purchaseOrderNumber != null) ? purchaseOrderNumber : shipmentNumber);
		append(name, eventName);
		append(name, shortId(idempotencyKey));
		return name.append('.').append(format).toString();
	}

	/** The first eight letters or digits of the key, after its {@code sha256:} prefix. */
	private static String shortId(String key) {
		if (key == null) {
			return null;
		}
		String id = key.substring(key.indexOf(':') + 1).replaceAll("[^A-Za-z0-9]", "");
		return (id.length() > 8) ? id.substring(0, 8) : id;
	}

	/**
	 * The file name for a shipment line: the same for the same line of the same event, so
	 * that writing it again (the event delivered again) replaces it.
	 * @param receivedAt the {@code tradecloudReceivedAt} header of the event
	 * @param shipmentNumber the shipment number, may be null
	 * @param index the line's place in the shipment, from 1
	 * @param purchaseOrderNumber the line's purchase order number, may be null
	 * @param linePosition the line's purchase order line position, may be null
	 * @param schedulePosition the line's delivery schedule position, may be null
	 * @return the file name
	 */
	public String shipmentLineFileName(String receivedAt, String shipmentNumber, int index, String purchaseOrderNumber,
			String linePosition, String schedulePosition) {
		StringBuilder name = new StringBuilder(ARRIVAL.format(Instant.parse(receivedAt)));
		append(name, shipmentNumber);
		String place = Integer.toString(index);
		name.append('_').append("00000", Math.min(5, place.length()), 5).append(place);
		append(name, purchaseOrderNumber);
		append(name, linePosition);
		append(name, schedulePosition);
		return name.append(".json").toString();
	}

	private static void append(StringBuilder name, String part) {
		if (part == null || part.isBlank()) {
			return;
		}
		String safe = UNSAFE.matcher(part).replaceAll("_");
		name.append('_').append((safe.length() > MAX_PART) ? safe.substring(0, MAX_PART) : safe);
	}

}
