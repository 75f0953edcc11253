package io.rkproxy.server;

/** Something of the victim's the attacker reached: which command, sent how, in which form, and what happened. */
record Breach(String command, String delivery, String form, String what) {

    @Override
    public String toString() {
        return command + " via " + delivery + ": " + form + "\n      -> " + what;
    }
}
