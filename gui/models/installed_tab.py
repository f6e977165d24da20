"""The Installed tab of the Models window: the library's models (load, import, remove,
open the folder) and the GGUF files other apps left on this machine (find, link)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from engine.common.errors import HearthError
from engine.common.units import human_size
from engine.models.model_discovery import FoundModel, discover_models
from engine.models.model_library import LibraryModel, ModelLibrary
from gui.common.background import BackgroundTask, TaskContext, run_in_background
from gui.common.buttons import push_button
from gui.common.dialogs import ask_choice, ask_open_path, ask_yes_no, show_error
from gui.models.tables import make_table, row_data, table_item

ORIGIN_TEXT = {"starter": "Bundled", "folder": "Models folder", "linked": "Linked (not copied)"}
IMPORT_TITLE = "Import a GGUF model"


def ask_copy(parent: QWidget, path: Path) -> bool | None:
    """Whether to copy ``path`` into the models folder (True) or link it (False); None
    when cancelled."""
    choice = ask_choice(
        parent,
        IMPORT_TITLE,
        f"Use {path.name} where it is, or copy it into the models folder?",
        ("Link (no copy)", "Copy"),
    )
    return None if choice is None else choice == "Copy"


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
            self, "installedTable", ["Model", "Quantization", "Size", "Details", "Where", "File"]
        )
        self.installed_table.doubleClicked.connect(lambda _index: self.load_selected())
        load = push_button(self, "Load", self.load_selected, "loadModelButton")
        import_button = push_button(self, "Import a .gguf…", self.start_import, "importModelButton")
        remove = push_button(self, "Remove…", self.remove_selected, "removeModelButton")
        open_folder = push_button(self, "Open models folder", self._open_folder)
        buttons = QHBoxLayout()
        for button in (load, import_button, remove, open_folder):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.found_table = make_table(self, "foundTable", ["Found on this machine", "From", "Size"])
        self.found_table.setMaximumHeight(150)
        scan = push_button(
            self, "Look for models from other apps", self.scan_other_apps, "scanButton"
        )
        link = push_button(self, "Link selected", self.link_selected_found, "linkFoundButton")
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
            details = model.problem or " · ".join(
                part
                for part in (
                    model.architecture,
                    f"{model.context_length:,} ctx" if model.context_length else "",
                    f"{model.parts} parts" if model.parts > 1 else "",
                )
                if part
            )
            table.setItem(row, 0, table_item(model.name, str(model.path), str(model.path)))
            table.setItem(row, 1, table_item(model.quantization))
            table.setItem(row, 2, table_item(human_size(model.size_bytes)))
            table.setItem(row, 3, table_item(details))
            table.setItem(row, 4, table_item(ORIGIN_TEXT[model.origin]))
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
            self.notice.emit("Select a model to load.")
        elif model.problem:
            self.notice.emit(f"{model.name} cannot be used: {model.problem}.")
        else:
            self.load_requested.emit(str(model.path))

    def start_import(self) -> None:
        """Ask for a file and check it (name and GGUF header, off the GUI thread): a file
        that is not a GGUF model is refused at once, before Link or Copy is asked."""
        path = ask_open_path(self, IMPORT_TITLE, "GGUF models (*.gguf)")
        if not path:
            return
        run_in_background(
            self,
            lambda _task: self.library.check_importable(path),
            on_success=self._on_import_checked,
            on_failure=lambda message: show_error(self, IMPORT_TITLE, message),
            name="import-check",
        )

    def _on_import_checked(self, path: Path) -> None:
        copy = ask_copy(self, path)
        if copy is not None:
            self.import_model(str(path), copy)

    def import_model(self, path: str, copy: bool) -> None:
        """Link at once; copy on a background thread (it can take minutes)."""

        def done(result: Path) -> None:
            self.notice.emit(f"{'Copied' if copy else 'Linked'} {result.name}.")
            self.library_changed.emit()

        if not copy:
            try:
                done(self.library.import_model(path, copy=False))
            except (HearthError, OSError) as error:  # OSError: the list of links
                self.notice.emit(str(error))
            return
        name = Path(path).name
        self.notice.emit(f"Copying {name} into the models folder…")
        shown = [-1]

        def progressed(fraction: float) -> None:
            percent = int(fraction * 100)
            if percent != shown[0]:
                shown[0] = percent
                self.notice.emit(f"Copying {name} into the models folder… {percent} %")

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
            self.notice.emit("Select a model to remove.")
            return
        if self.library.owns(model.path):
            question = (
                f"Delete {model.path.name} from the models folder? This frees "
                f"{human_size(model.size_bytes)} and cannot be undone."
            )
        else:
            question = f"Remove {model.name} from the list? The file itself stays where it is."
        if ask_yes_no(self, "Remove model", question, default_no=True):
            self.remove_model(model)

    def remove_model(self, model: LibraryModel) -> None:
        try:
            freed = self.library.remove(model.path)
        except (HearthError, OSError) as error:  # OSError: the list of links
            self.notice.emit(str(error))
            return
        self.notice.emit(
            f"Removed {model.name}" + (f"; {human_size(freed)} freed." if freed else ".")
        )
        self.library_changed.emit()

    def _open_folder(self) -> None:
        self.library.models_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.models_dir)))

    def scan_other_apps(self) -> None:
        known = {m.path.resolve() for m in self._models}
        self.found_table.setRowCount(0)
        self.notice.emit("Looking for GGUF files from LM Studio, GPT4All, Jan and the HF cache…")
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
            table.setItem(row, 2, table_item(human_size(model.size)))
        self.notice.emit(
            f"Found {len(models)} model(s) from other apps: link them to use them without "
            "downloading again."
            if models
            else "No models from other apps were found."
        )

    def link_selected_found(self) -> None:
        row = self.found_table.currentRow()
        path = row_data(self.found_table, row)
        if path is None:
            self.notice.emit("Select a found model to link.")
            return
        self.import_model(path, copy=False)
        self.found_table.removeRow(row)
