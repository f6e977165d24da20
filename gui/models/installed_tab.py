"""The Installed tab of the Models window: the library's models (load, import, remove,
open the folder) and the GGUF files other apps left on this machine (find, link)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from engine.common.errors import HearthError
from engine.models.model_discovery import FoundModel, discover_models
from engine.models.model_library import LibraryModel, ModelLibrary
from gui.common.background import BackgroundTask, TaskContext, run_in_background
from gui.common.buttons import push_button
from gui.common.dialogs import ask_choice, ask_open_path, ask_yes_no, show_error
from gui.common.engine_text import shown
from gui.models.display import data_size, whole_number
from gui.models.tables import make_table, row_data, table_item

_CONTEXT = "InstalledTab"
ORIGIN_TEXT = {
    "starter": QT_TRANSLATE_NOOP("InstalledTab", "Bundled"),
    "folder": QT_TRANSLATE_NOOP("InstalledTab", "Models folder"),
    "linked": QT_TRANSLATE_NOOP("InstalledTab", "Linked (not copied)"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def import_title() -> str:
    return QCoreApplication.translate("InstalledTab", "Import a GGUF model")


def ask_copy(parent: QWidget, path: Path) -> bool | None:
    """Whether to copy ``path`` into the models folder (True) or link it (False); None
    when cancelled."""
    link, copy = (
        QCoreApplication.translate("InstalledTab", "Link (no copy)"),
        QCoreApplication.translate("InstalledTab", "Copy"),
    )
    choice = ask_choice(
        parent,
        import_title(),
        QCoreApplication.translate(
            "InstalledTab", "Use {file} where it is, or copy it into the models folder?"
        ).format(file=path.name),
        (link, copy),
    )
    return None if choice is None else choice == copy


class InstalledTab(QWidget):
    """Signals:
    load_requested(str): the path of the model to load.
    library_changed(): a model was imported, linked or removed.
    notice(str): a message for the window's notice banner ("" hides it).
    """

    load_requested = Signal(str)
    library_changed = Signal()
    notice = Signal(str)

    def __init__(self, library: ModelLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._models: list[LibraryModel] = []
        self._copies: list[BackgroundTask[Path]] = []  # imports being copied
        self.installed_table = make_table(
            self,
            "installedTable",
            [
                self.tr("Model"),
                self.tr("Quantization"),
                self.tr("Size"),
                self.tr("Details"),
                self.tr("Where"),
                self.tr("File"),
            ],
            self.tr("Installed models"),
            self.tr("Enter or double-click loads the selected model"),
        )
        self.installed_table.doubleClicked.connect(lambda _index: self.load_selected())
        load = push_button(self, self.tr("Load"), self.load_selected, "loadModelButton")
        load.setAccessibleDescription(self.tr("Load the selected model"))
        import_button = push_button(
            self, self.tr("Import a .gguf…"), self.start_import, "importModelButton"
        )
        remove = push_button(self, self.tr("Remove…"), self.remove_selected, "removeModelButton")
        remove.setAccessibleDescription(self.tr("Delete or unlink the selected model"))
        open_folder = push_button(self, self.tr("Open models folder"), self._open_folder)
        buttons = QHBoxLayout()
        for button in (load, import_button, remove, open_folder):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.found_table = make_table(
            self,
            "foundTable",
            [self.tr("Found on this machine"), self.tr("From"), self.tr("Size")],
            self.tr("Models found from other apps"),
        )
        self.found_table.setMaximumHeight(150)
        scan = push_button(
            self, self.tr("Look for models from other apps"), self.scan_other_apps, "scanButton"
        )
        link = push_button(
            self, self.tr("Link selected"), self.link_selected_found, "linkFoundButton"
        )
        link.setAccessibleDescription(
            self.tr("Use the selected found model where it is, without copying it")
        )
        found_buttons = QHBoxLayout()
        found_buttons.addWidget(scan)
        found_buttons.addWidget(link)
        found_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.installed_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.found_table)
        layout.addLayout(found_buttons)

    def fill(self) -> None:
        """Re-read the library. Read once per refresh (each model's header is read): the
        other tabs and the selection use this list."""
        self._models = models = self.library.models()
        table = self.installed_table
        table.setRowCount(len(models))
        for row, model in enumerate(models):
            details = (
                shown(model.problem)
                if model.problem
                else " · ".join(
                    part
                    for part in (
                        model.architecture,
                        self.tr("{tokens} ctx").format(tokens=whole_number(model.context_length))
                        if model.context_length
                        else "",
                        self.tr("%Ln parts", "", model.parts) if model.parts > 1 else "",
                    )
                    if part
                )
            )
            table.setItem(row, 0, table_item(shown(model.name), str(model.path), str(model.path)))
            table.setItem(row, 1, table_item(model.quantization))
            table.setItem(row, 2, table_item(data_size(model.size_bytes)))
            table.setItem(row, 3, table_item(details))
            table.setItem(row, 4, table_item(_tr(str(ORIGIN_TEXT[model.origin]))))
            table.setItem(row, 5, table_item(str(model.path)))

    def installed_names(self) -> set[str]:
        """The file names of the models listed (to mark what is already here)."""
        return {m.path.name for m in self._models}

    def selected_installed(self) -> LibraryModel | None:
        path = row_data(self.installed_table, self.installed_table.currentRow())
        return next((m for m in self._models if str(m.path) == path), None)

    def load_selected(self) -> None:
        model = self.selected_installed()
        if model is None:
            self.notice.emit(self.tr("Select a model to load."))
        elif model.problem:
            self.notice.emit(
                self.tr("{model} cannot be used: {problem}.").format(
                    model=shown(model.name), problem=shown(model.problem)
                )
            )
        else:
            self.load_requested.emit(str(model.path))

    def start_import(self) -> None:
        """Ask for a file and check it (name and GGUF header, off the GUI thread): a file
        that is not a GGUF model is refused at once, before Link or Copy is asked."""
        path = ask_open_path(self, import_title(), self.tr("GGUF models (*.gguf)"))
        if not path:
            return
        run_in_background(
            self,
            lambda _task: self.library.check_importable(path),
            on_success=self._on_import_checked,
            on_failure=lambda message: show_error(self, import_title(), message),
            name="import-check",
        )

    def _on_import_checked(self, path: Path) -> None:
        copy = ask_copy(self, path)
        if copy is not None:
            self.import_model(str(path), copy)

    def import_model(self, path: str, copy: bool) -> None:
        """Link at once; copy on a background thread (it can take minutes)."""

        def done(result: Path) -> None:
            done_text = self.tr("Copied {file}.") if copy else self.tr("Linked {file}.")
            self.notice.emit(done_text.format(file=result.name))
            self.library_changed.emit()

        if not copy:
            try:
                done(self.library.import_model(path, copy=False))
            except (HearthError, OSError) as error:  # OSError: the list of links
                self.notice.emit(shown(error))
            return
        name = Path(path).name
        copying = self.tr("Copying {file} into the models folder…").format(file=name)
        self.notice.emit(copying)
        last_percent = [-1]

        def progressed(fraction: float) -> None:
            percent = int(fraction * 100)
            if percent != last_percent[0]:
                last_percent[0] = percent
                self.notice.emit(
                    self.tr("Copying {file} into the models folder… {percent} %").format(
                        file=name, percent=percent
                    )
                )

        def copy_file(task: TaskContext) -> Path:
            return self.library.import_model(
                path,
                copy=True,
                on_progress=lambda done, total: task.report(done / total if total else 1.0),
                should_stop=lambda: task.cancelled,
            )

        self._copies = [c for c in self._copies if c.is_running()]
        self._copies.append(
            run_in_background(
                self,
                copy_file,
                on_success=done,
                on_failure=self.notice.emit,
                on_progress=progressed,
                name="import-copy",
            )
        )

    def stop_imports(self, timeout: float = 5.0) -> None:
        """Cancel the copies in progress and wait for each to remove its partial file."""
        for copy in self._copies:
            copy.cancel()
        for copy in self._copies:
            copy.wait(timeout)
        self._copies = []

    def remove_selected(self) -> None:
        """Ask, then delete the selected model's file (or forget a linked one)."""
        model = self.selected_installed()
        if model is None:
            self.notice.emit(self.tr("Select a model to remove."))
            return
        if self.library.owns(model.path):
            question = self.tr(
                "Delete {file} from the models folder? This frees {size} and cannot be undone."
            ).format(file=model.path.name, size=data_size(model.size_bytes))
        else:
            question = self.tr(
                "Remove {model} from the list? The file itself stays where it is."
            ).format(model=shown(model.name))
        if ask_yes_no(self, self.tr("Remove model"), question, default_no=True):
            self.remove_model(model)

    def remove_model(self, model: LibraryModel) -> None:
        try:
            freed = self.library.remove(model.path)
        except (HearthError, OSError) as error:  # OSError: the list of links
            self.notice.emit(shown(error))
            return
        if freed:
            removed = self.tr("Removed {model}; {size} freed.").format(
                model=shown(model.name), size=data_size(freed)
            )
        else:
            removed = self.tr("Removed {model}.").format(model=shown(model.name))
        self.notice.emit(removed)
        self.library_changed.emit()

    def _open_folder(self) -> None:
        self.library.models_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.models_dir)))

    def scan_other_apps(self) -> None:
        known = {m.path.resolve() for m in self._models}
        self.found_table.setRowCount(0)
        self.notice.emit(
            self.tr("Looking for GGUF files from LM Studio, GPT4All, Jan and the HF cache…")
        )
        run_in_background(
            self,
            lambda _task: discover_models(exclude=known),
            on_success=self._fill_found,
            on_failure=self.notice.emit,
        )

    def _fill_found(self, models: list[FoundModel]) -> None:
        table = self.found_table
        table.setRowCount(len(models))
        for row, model in enumerate(models):
            table.setItem(row, 0, table_item(str(model.path), str(model.path), str(model.path)))
            table.setItem(row, 1, table_item(model.source))
            table.setItem(row, 2, table_item(data_size(model.size)))
        self.notice.emit(
            self.tr(
                "Found %Ln model(s) from other apps: link them to use them without "
                "downloading again.",
                "",
                len(models),
            )
            if models
            else self.tr("No models from other apps were found.")
        )

    def link_selected_found(self) -> None:
        row = self.found_table.currentRow()
        path = row_data(self.found_table, row)
        if path is None:
            self.notice.emit(self.tr("Select a found model to link."))
            return
        self.import_model(path, copy=False)
        self.found_table.removeRow(row)
