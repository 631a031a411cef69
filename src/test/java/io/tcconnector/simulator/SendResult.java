package io.tcconnector.simulator;

/**
 * How sending one webhook ended.
 *
 * @param finalStatus the status of the last answer, -1 when the last attempt got none
 * (connection refused or dropped, timeout)
 * @param attempts the number of attempts made
 * @param lastBody the body of the last answer, null when the last attempt got none
 */
public record SendResult(int finalStatus, int attempts, String lastBody) {

	/**
	 * Whether the receiver accepted the webhook (2xx).
	 * @return whether it was delivered
	 */
	public boolean delivered() {
		return this.finalStatus >= 200 && this.finalStatus < 300;
	}

}
