package io.tcconnector.logging;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;

/**
 * Makes every exchange's unit of work an {@link EventMdcUnitOfWork} when MDC logging is
 * on ({@code camel.main.use-mdc-logging}), as Camel's own factory makes it an
 * {@code MDCUnitOfWork}; Camel takes a factory bean when it starts.
 */
public class EventMdcUnitOfWorkFactory implements UnitOfWorkFactory {

	private InflightRepository inflightRepository;

	private boolean mdcLogging;

	private boolean allowUseOriginalMessage;

	private boolean useBreadcrumb;

	@Override
	public UnitOfWork createUnitOfWork(Exchange exchange) {
		if (this.mdcLogging) {
			return new EventMdcUnitOfWork(exchange, this.inflightRepository, this.allowUseOriginalMessage,
					this.useBreadcrumb);
		}
		return new DefaultUnitOfWork(exchange, this.inflightRepository, this.allowUseOriginalMessage,
				this.useBreadcrumb);
	}

	@Override
	public void afterPropertiesConfigured(CamelContext camelContext) {
		this.inflightRepository = camelContext.getInflightRepository();
		this.mdcLogging = Boolean.TRUE.equals(camelContext.isUseMDCLogging());
		this.allowUseOriginalMessage = Boolean.TRUE.equals(camelContext.isAllowUseOriginalMessage());
		this.useBreadcrumb = Boolean.TRUE.equals(camelContext.isUseBreadcrumb());
	}

}
