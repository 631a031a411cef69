package io.tcconnector.journal;

import java.time.Instant;

/**
 * What the background writer of the {@link EventJournal} writes.
 */
public sealed interface JournalRecord {

	/**
	 * A request Tradecloud made and the answer it got.
	 *
	 * @param receivedAt when the request arrived
	 * @param source the caller's address
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param authScheme the authentication scheme presented (never the credential)
	 * @param contentType the request's Content-Type
	 * @param status the answer's status
	 * @param answer the answer's body (short JSON)
	 * @param body the body as received, as far as it was read and kept (at most
	 * {@code tradecloud.journal.max-body-size})
	 * @param size the body's size: its Content-Length, else the bytes read; -1 when
	 * unknown (a chunked body not read to its end)
	 * @param bodyComplete whether {@code body} is the whole body
	 */
	record Request(Instant receivedAt, String source, String method, String path, String authScheme, String contentType,
			int status, String answer, byte[] body, long size, boolean bodyComplete) implements JournalRecord {

	}

	/**
	 * One step of delivering an event to a target.
	 *
	 * @param key the event's idempotency key (or message id)
	 * @param at when the step ended
	 * @param target the target (folder:orders, queue:tradecloud.orders, erp, document)
	 * @param outcome ok, failed, queued or dead-lettered
	 * @param statusCode the ERP's status code, if any
	 * @param latencyMillis how long the step took
	 * @param error the reason it failed
	 * @param file the file written
	 * @param document the document's sidecar JSON, for a document
	 */
	record Delivery(String key, Instant at, String target, String outcome, Integer statusCode, Long latencyMillis,
			String error, String file, String document) implements JournalRecord {

	}

	/**
	 * An operator's action on an event.
	 *
	 * @param eventId the event's journal id
	 * @param at when
	 * @param actor who
	 * @param action what (replay)
	 * @param target which target
	 * @param outcome how it went
	 */
	record Action(String eventId, Instant at, String actor, String action, String target,
			String outcome) implements JournalRecord {

	}

}
