package io.tcconnector.deadletters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.ingress.JsonErrorWriter;
import io.tcconnector.tradecloud.TradecloudHeaders;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Lists the dead letters and replays them: a replayed dead letter goes back, body and
 * {@code tradecloud*} headers unchanged, to the queue it was taken from (or, when the
 * broker gave up on it, the queue the broker names), and is delivered from there like new
 * work. Moving it is one transaction: a dead letter is never lost nor replayed twice.
 */
@Component("deadLetterAdmin")
public class DeadLetterAdmin {

	/** Most dead letters a listing shows. */
	static final int LIST_LIMIT = 1000;

	/** Header the broker puts on messages it moved to the dead-letter queue itself. */
	private static final String BROKER_ORIGIN_QUEUE = "_AMQ_ORIG_QUEUE";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterAdmin.class);

	private final JmsTemplate jms;

	private final JsonErrorWriter writer;

	private final String deadLetterQueue;

	public DeadLetterAdmin(ConnectionFactory connectionFactory, TradecloudProperties properties,
			JsonErrorWriter writer) {
		this.writer = writer;
		this.jms = new JmsTemplate(connectionFactory);
		this.jms.setSessionTransacted(true);
		this.deadLetterQueue = properties.targets().deadLetterQueue();
	}

	/**
	 * Answers the listing of the dead letters (an operator's request).
	 * @param exchange the request
	 */
	public void list(Exchange exchange) {
		answer(exchange, 200, list());
	}

	/**
	 * Replays the dead letter named by the {@code id} query parameter, or all of them,
	 * and answers how many were replayed; 404 when there is no dead letter with that id.
	 * @param exchange the request
	 */
	public void replay(Exchange exchange) {
		String id = exchange.getMessage().getHeader("id", String.class);
		Map<String, Object> replayed = replay(id);
		answer(exchange, replayed.containsKey("error") ? 404 : 200, replayed);
	}

	/**
	 * The dead letters, oldest first: id, reason, where it failed, where it goes on
	 * replay, the {@code tradecloud*} headers and the body's size.
	 * @return the listing, at most {@value #LIST_LIMIT} letters
	 */
	public Map<String, Object> list() {
		List<Map<String, Object>> letters = this.jms.browse(this.deadLetterQueue,
				(Session session, QueueBrowser browser) -> {
					List<Map<String, Object>> found = new ArrayList<>();
					Enumeration<?> messages = browser.getEnumeration();
					while (messages.hasMoreElements() && found.size() < LIST_LIMIT) {
						found.add(describe((Message) messages.nextElement()));
					}
					return found;
				});
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("queue", this.deadLetterQueue);
		answer.put("count", letters.size());
		answer.put("deadLetters", letters);
		return answer;
	}

	/**
	 * Replays one dead letter, or all of them.
	 * @param id the dead letter's id from the listing; all of them when empty
	 * @return how many were replayed, and their ids
	 */
	public Map<String, Object> replay(String id) {
		List<String> ids = StringUtils.hasText(id) ? List.of(id.strip()) : allIds();
		List<String> replayed = new ArrayList<>();
		for (String each : ids) {
			if (replayOne(each)) {
				replayed.add(each);
			}
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("replayed", replayed.size());
		answer.put("ids", replayed);
		if (StringUtils.hasText(id) && replayed.isEmpty()) {
			answer.put("error", "not_found");
			answer.put("detail", "no dead letter with id " + id);
		}
		return answer;
	}

	private void answer(Exchange exchange, int status, Map<String, Object> body) {
		this.writer.write(exchange.getMessage(), status, body);
	}

	private List<String> allIds() {
		return this.jms.browse(this.deadLetterQueue, (Session session, QueueBrowser browser) -> {
			List<String> ids = new ArrayList<>();
			for (Object message : Collections.list(browser.getEnumeration())) {
				ids.add(((Message) message).getJMSMessageID());
			}
			return ids;
		});
	}

	/**
	 * Moves one dead letter back to its queue in one transaction.
	 */
	private boolean replayOne(String id) {
		Boolean moved = this.jms.execute((Session session) -> {
			Queue deadLetters = session.createQueue(this.deadLetterQueue);
			try (MessageConsumer consumer = session.createConsumer(deadLetters,
					"JMSMessageID = '" + id.replace("'", "''") + "'")) {
				Message letter = consumer.receive(2000);
				if (letter == null) {
					return false;
				}
				String origin = originOf(letter);
				if (origin == null) {
					session.rollback();
					throw new IllegalStateException("dead letter " + id + " names no queue to replay it to");
				}
				Message copy = copyOf(session, letter);
				try (MessageProducer producer = session.createProducer(session.createQueue(origin))) {
					producer.send(copy);
				}
				session.commit();
				log.info("Replayed dead letter {} ({} message {}) to {}", id,
						letter.getStringProperty(TradecloudHeaders.EVENT_NAME),
						letter.getStringProperty(TradecloudHeaders.MESSAGE_ID), origin);
				return true;
			}
		}, true);
		return Boolean.TRUE.equals(moved);
	}

	private static String originOf(Message letter) throws JMSException {
		String origin = letter.getStringProperty(TradecloudHeaders.ORIGIN_QUEUE);
		if (!StringUtils.hasText(origin) && letter.propertyExists(BROKER_ORIGIN_QUEUE)) {
			origin = letter.getStringProperty(BROKER_ORIGIN_QUEUE);
		}
		return StringUtils.hasText(origin) ? origin : null;
	}

	/**
	 * The work as it was before it failed: same body, same {@code tradecloud*} headers,
	 * in order again with its order or shipment, without the failure's headers.
	 */
	private static Message copyOf(Session session, Message letter) throws JMSException {
		Message copy;
		if (letter instanceof TextMessage text) {
			copy = session.createTextMessage(text.getText());
		}
		else if (letter instanceof BytesMessage bytes) {
			byte[] body = new byte[(int) bytes.getBodyLength()];
			bytes.readBytes(body);
			BytesMessage bytesCopy = session.createBytesMessage();
			bytesCopy.writeBytes(body);
			copy = bytesCopy;
		}
		else {
			throw new IllegalStateException("dead letter " + letter.getJMSMessageID() + " is neither text nor bytes");
		}
		for (Map.Entry<String, Object> header : workHeaders(letter).entrySet()) {
			copy.setObjectProperty(header.getKey(), header.getValue());
		}
		String ordering = letter.getStringProperty(TradecloudHeaders.ORDERING_KEY);
		if (ordering != null) {
			copy.setStringProperty("JMSXGroupID", ordering);
		}
		return copy;
	}

	/**
	 * The {@code tradecloud*} headers the work carried before it failed, without the
	 * failure's.
	 */
	private static Map<String, Object> workHeaders(Message letter) throws JMSException {
		Map<String, Object> headers = new LinkedHashMap<>();
		for (Object property : Collections.list(letter.getPropertyNames())) {
			String name = property.toString();
			if (name.startsWith("tradecloud") && !isFailureHeader(name)) {
				headers.put(name, letter.getObjectProperty(name));
			}
		}
		return headers;
	}

	private static boolean isFailureHeader(String name) {
		return name.equals(TradecloudHeaders.FAILURE_REASON) || name.equals(TradecloudHeaders.FAILURE_TYPE)
				|| name.equals(TradecloudHeaders.FAILED_ROUTE) || name.equals(TradecloudHeaders.FAILED_AT)
				|| name.equals(TradecloudHeaders.ORIGIN_QUEUE);
	}

	private static Map<String, Object> describe(Message letter) throws JMSException {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("id", letter.getJMSMessageID());
		described.put("reason",
				letter.propertyExists(TradecloudHeaders.FAILURE_REASON)
						? letter.getStringProperty(TradecloudHeaders.FAILURE_REASON)
						: "the broker gave up delivering it (the connector stopped while handling it too many times)");
		described.put("failureType", letter.getStringProperty(TradecloudHeaders.FAILURE_TYPE));
		described.put("failedRoute", letter.getStringProperty(TradecloudHeaders.FAILED_ROUTE));
		described.put("failedAt", letter.getStringProperty(TradecloudHeaders.FAILED_AT));
		described.put("replayTo", originOf(letter));
		described.put("headers", workHeaders(letter));
		if (letter instanceof BytesMessage bytes) {
			described.put("bodySize", bytes.getBodyLength());
		}
		else if (letter instanceof TextMessage text && text.getText() != null) {
			described.put("bodySize", text.getText().length());
		}
		return described;
	}

}
