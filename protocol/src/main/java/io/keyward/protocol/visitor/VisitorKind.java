package io.keyward.protocol.visitor;

/** What a visitor code is: it opens once (E1), it opens during a period (E2), or it revokes another code. */
public enum VisitorKind {
    ONE_TIME,
    PERIODIC,
    REVOKE
}
