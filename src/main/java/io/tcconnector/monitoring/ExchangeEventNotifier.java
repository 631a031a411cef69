package io.tcconnector.monitoring;

import java.util.regex.Pattern;

import org.apache.camel.support.EventNotifierSupport;

/**
 * A notifier of Camel's exchange events alone: no context, route, service or step events,
 * nor an exchange's creation, completion or asynchronous start. What the delivery metrics
 * and the event journal hear; Camel times a send, and reports it sent, only when its
 * sending event is taken, so that one stays.
 */
public abstract class ExchangeEventNotifier extends EventNotifierSupport {

	/** The {@code //} of {@code file://folder}. */
	private static final Pattern LEADING_SLASHES = Pattern.compile("^//");

	/** The separators a folder's name may end with. */
	private static final Pattern TRAILING_SEPARATORS = Pattern.compile("[/\\\\]+$");

	protected ExchangeEventNotifier() {
		setIgnoreCamelContextEvents(true);
		setIgnoreCamelContextInitEvents(true);
		setIgnoreRouteEvents(true);
		setIgnoreServiceEvents(true);
		setIgnoreStepEvents(true);
		setIgnoreExchangeCreatedEvent(true);
		setIgnoreExchangeCompletedEvent(true);
		setIgnoreExchangeAsyncProcessingStartedEvents(true);
	}

	/**
	 * The target a file endpoint writes to, named after its folder.
	 * @param fileUri the endpoint's base URI, {@code file:...}
	 * @return {@code folder:} and the folder's last name ({@code folder:orders})
	 */
	protected static String folderTarget(String fileUri) {
		String folder = LEADING_SLASHES.matcher(fileUri.substring("file:".length())).replaceFirst("");
		folder = TRAILING_SEPARATORS.matcher(folder).replaceAll("");
		int slash = Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\'));
		return "folder:" + folder.substring(slash + 1);
	}

}
