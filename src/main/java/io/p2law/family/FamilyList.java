package io.p2law.family;

import java.util.List;

record FamilyList(List<FamilyView> families) {
}
