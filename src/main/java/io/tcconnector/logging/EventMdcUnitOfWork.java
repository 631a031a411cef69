package io.tcconnector.logging;

import java.util.List;

import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.slf4j.MDC;

/**
 * Camel's MDC unit of work ({@code camel.main.use-mdc-logging}), which puts the
 * exchange's and route's ids in the MDC on whatever thread works on the exchange, with
 * the event's own ids beside them: its message id, event name, kind, order id, purchase
 * order number, shipment id and number, under their header names
 * ({@code tradecloudMessageId}, ...). Set when the exchange starts and before each step,
 * they stay while a step works without the headers (the ERP call) and are removed when
 * the exchange is done ({@code camel.main.mdc-logging-keys-pattern=tradecloud*}).
 */
public class EventMdcUnitOfWork extends MDCUnitOfWork {

	/** The headers put in the MDC. */
	public static final List<String> KEYS = List.of(TradecloudHeaders.MESSAGE_ID, TradecloudHeaders.EVENT_NAME,
			TradecloudHeaders.KIND, TradecloudHeaders.ORDER_ID, TradecloudHeaders.PURCHASE_ORDER_NUMBER,
			TradecloudHeaders.SHIPMENT_ID, TradecloudHeaders.SHIPMENT_NUMBER);

	private final InflightRepository inflight;

	private final String pattern;

	private final boolean allowUseOriginalMessage;

	private final boolean useBreadcrumb;

	public EventMdcUnitOfWork(Exchange exchange, InflightRepository inflightRepository, String pattern,
			boolean allowUseOriginalMessage, boolean useBreadcrumb) {
		super(exchange, inflightRepository, pattern, allowUseOriginalMessage, useBreadcrumb);
		this.inflight = inflightRepository;
		this.pattern = pattern;
		this.allowUseOriginalMessage = allowUseOriginalMessage;
		this.useBreadcrumb = useBreadcrumb;
		putEventIds(exchange);
	}

	@Override
	public UnitOfWork newInstance(Exchange exchange) {
		return new EventMdcUnitOfWork(exchange, this.inflight, this.pattern, this.allowUseOriginalMessage,
				this.useBreadcrumb);
	}

	@Override
	protected void prepareMDC(Exchange exchange) {
		super.prepareMDC(exchange);
		putEventIds(exchange);
	}

	private static void putEventIds(Exchange exchange) {
		Message message = exchange.getMessage();
		for (String key : KEYS) {
			Object value = message.getHeader(key);
			if (value != null) {
				MDC.put(key, value.toString());
			}
		}
	}

}
