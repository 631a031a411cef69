/**
 * The JMS side: the embedded ActiveMQ Artemis broker with its persistent journal and TCP
 * acceptor, and the Camel {@code jms} component the routes send through.
 */
package io.tcconnector.broker;
