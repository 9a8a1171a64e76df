package io.keyward.lock;
