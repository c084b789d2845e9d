package io.p2law;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class P2lawApplication {

    public static void main(String[] args) {
        SpringApplication.run(P2lawApplication.class, args);
    }
}
