"""The data folder the command line protects (without Qt) is the one Qt gives the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from smplanner import APP_NAME, ORGANISATION
from smplanner.storage.places import default_data_folder


def test_the_data_folder_is_qts_app_data_location(qapp) -> None:
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    assert Path(qt) == default_data_folder()
