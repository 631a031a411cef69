package io.tcconnector.logging;

import java.util.List;

import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
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
 * they stay while a step works without the headers (the ERP call), follow the exchange to
 * the thread an asynchronous step continues on, and are removed when the exchange is
 * done.
 * <p>
 * Camel can carry such keys itself ({@code camel.main.mdc-logging-keys-pattern}), but it
 * matches every key in the MDC against the pattern before every step, compiling the
 * pattern as a regular expression for each key that does not match: a third of what an
 * event allocated (bench/README.md). The keys are known, so they are carried here.
 */
public class EventMdcUnitOfWork extends MDCUnitOfWork {

	/** The headers put in the MDC. */
	public static final List<String> KEYS = List.of(TradecloudHeaders.MESSAGE_ID, TradecloudHeaders.EVENT_NAME,
			TradecloudHeaders.KIND, TradecloudHeaders.ORDER_ID, TradecloudHeaders.PURCHASE_ORDER_NUMBER,
			TradecloudHeaders.SHIPMENT_ID, TradecloudHeaders.SHIPMENT_NUMBER);

	private final InflightRepository inflight;

	private final boolean allowUseOriginalMessage;

	private final boolean useBreadcrumb;

	public EventMdcUnitOfWork(Exchange exchange, InflightRepository inflightRepository, boolean allowUseOriginalMessage,
			boolean useBreadcrumb) {
		// no key pattern: Camel's own keys only, the event's are this class's
		super(exchange, inflightRepository, null, allowUseOriginalMessage, useBreadcrumb);
		this.inflight = inflightRepository;
		this.allowUseOriginalMessage = allowUseOriginalMessage;
		this.useBreadcrumb = useBreadcrumb;
		putEventIds(exchange);
	}

	@Override
	public UnitOfWork newInstance(Exchange exchange) {
		return new EventMdcUnitOfWork(exchange, this.inflight, this.allowUseOriginalMessage, this.useBreadcrumb);
	}

	@Override
	protected void prepareMDC(Exchange exchange) {
		super.prepareMDC(exchange);
		putEventIds(exchange);
	}

	/**
	 * A step that continues on another thread finds the event's ids there, as Camel's own
	 * ids.
	 */
	@Override
	public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
		AsyncCallback next = super.beforeProcess(processor, exchange, callback);
		String[] ids = new String[KEYS.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = MDC.get(KEYS.get(i));
		}
		return (doneSync) -> {
			if (!doneSync) {
				for (int i = 0; i < ids.length; i++) {
					if (ids[i] != null && MDC.get(KEYS.get(i)) == null) {
						MDC.put(KEYS.get(i), ids[i]);
					}
				}
			}
			next.done(doneSync);
		};
	}

	@Override
	public void done(Exchange exchange) {
		super.done(exchange);
		// a split's or multicast's part has a unit of work of its own: the ids stay for
		// the exchange it is part of
		String correlationId = exchange.getProperty(ExchangePropertyKey.CORRELATION_ID, String.class);
		if (correlationId == null || correlationId.equals(exchange.getExchangeId())) {
			removeEventIds();
		}
	}

	@Override
	public void reset() {
		super.reset();
		removeEventIds();
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

	private static void removeEventIds() {
		KEYS.forEach(MDC::remove);
	}

}
