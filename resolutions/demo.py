"""Roles (groups) and demo users; used by ``seed_demo`` and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from resolutions.access import ADMIN_GROUP, ENTRY_GROUP, LEADER_GROUP
from resolutions.models import Committee, Membership

# Model permissions per role; committee scope comes from Membership (resolutions.access).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ENTRY_GROUP: [
        "view_committee", "view_congress", "view_resolution", "view_section", "view_target",
        "view_result", "add_result", "change_result", "view_submission", "change_submission",
        "view_indicator", "export_indicator", "import_resolution", "export_resolution", "confirm_direction",
    ],
    LEADER_GROUP: [
        "view_committee", "view_congress", "view_resolution", "view_section", "view_target",
        "view_result", "view_submission", "approve_submission", "reopen_submission", "view_indicator",
        "export_resolution", "export_indicator",
    ],
    ADMIN_GROUP: [],  # all permissions, set below
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    full_name: str
    committee_key: str | None
    role: str | None  # Membership.Role or None for the administrator
    group: str


DEMO_USERS = [
    DemoUser("quantri", "QuanTri@2025", "Quản trị hệ thống", None, None, ADMIN_GROUP),
    DemoUser("lanhdao.hungyen", "LanhDao@2025", "Lãnh đạo Tỉnh ủy Hưng Yên", "hung-yen-2025", "leader", LEADER_GROUP),
    DemoUser("canbo.khoaichau", "NhapLieu@2025", "Cán bộ Huyện ủy Khoái Châu", "khoai-chau", "entry", ENTRY_GROUP),
    DemoUser("canbo.hungyen", "NhapLieu@2025", "Cán bộ Tỉnh ủy Hưng Yên", "hung-yen-2025", "entry", ENTRY_GROUP),
    DemoUser("canbo.hungyencu", "NhapLieu@2025", "Cán bộ Tỉnh ủy Hưng Yên (cũ)", "hung-yen-2020", "entry", ENTRY_GROUP),
    DemoUser("canbo.thaibinh", "NhapLieu@2025", "Cán bộ Tỉnh ủy Thái Bình", "thai-binh-2020", "entry", ENTRY_GROUP),
    DemoUser("canbo.vinhbao", "NhapLieu@2025", "Cán bộ Huyện ủy Vĩnh Bảo", "vinh-bao", "entry", ENTRY_GROUP),
    DemoUser("canbo.huyen003", "NhapLieu@2025", "Cán bộ Huyện ủy Phụng Hiệp", "district-003", "entry", ENTRY_GROUP),
    DemoUser("canbo.haiphong", "NhapLieu@2025", "Cán bộ Thành ủy Hải Phòng", "hai-phong", "entry", ENTRY_GROUP),
    DemoUser("canbo.haugiang", "NhapLieu@2025", "Cán bộ Tỉnh ủy Hậu Giang", "hau-giang", "entry", ENTRY_GROUP),
]


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the three role groups with their model permissions; idempotent."""
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.all() if name == ADMIN_GROUP else Permission.objects.filter(codename__in=codenames)
        group.permissions.set(perms)
        groups[name] = group
    return groups


@transaction.atomic
def ensure_demo_users() -> list[DemoUser]:
    """Create (or reset) the demo users and their committee assignments; idempotent."""
    groups = ensure_roles()
    created = []
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name = demo.full_name
        user.is_staff = True
        user.is_superuser = demo.role is None
        user.set_password(demo.password)
        user.save()
        user.groups.set([groups[demo.group]])
        if demo.committee_key and demo.role:
            committee = Committee.objects.filter(key=demo.committee_key).first()
            if committee is not None:
                Membership.objects.get_or_create(user=user, committee=committee, role=demo.role)
        created.append(demo)
    return created
