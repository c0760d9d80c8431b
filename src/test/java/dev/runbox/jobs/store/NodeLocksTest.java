package dev.runbox.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A node's lock key is part of the protocol between nodes: a node of another version computing
 * another key would take a live node for dead. These values must never change.
 */
class NodeLocksTest {
  @Test
  void theLockKeyOfANodeIsFixed() {
    assertThat(NodeLocks.CLASS_ID).isEqualTo(1919053688);
    assertThat(NodeLocks.objectId("node-a")).isEqualTo(1716981744);
    assertThat(NodeLocks.objectId("")).isEqualTo(-474954686);
  }

  @Test
  void otherNodesHaveOtherKeys() {
    assertThat(NodeLocks.objectId("node-b")).isNotEqualTo(NodeLocks.objectId("node-a"));
  }
}
