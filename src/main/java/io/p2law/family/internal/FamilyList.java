package io.p2law.family.internal;

import java.util.List;

public record FamilyList(List<FamilyView> families) {
}
