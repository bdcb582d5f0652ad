<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>mandate::Console</name>
    <message>
        <source>Mandate: identity and access for AI agents.</source>
        <translation>Mandate: Identitäten und Zugriffe für KI-Agenten.</translation>
    </message>
    <message>
        <source>Open the store FILE (default: %1).</source>
        <translation>Den Speicher FILE öffnen (Standard: %1).</translation>
    </message>
    <message>
        <source>Render the page offscreen to the PNG file FILE once its data is shown, then exit.</source>
        <translation>Die Seite ohne Bildschirm in die PNG-Datei FILE zeichnen, sobald ihre Daten angezeigt werden, und dann beenden.</translation>
    </message>
    <message>
        <source>Open the page NAME: %1 (default: overview; inventory with --screenshot).</source>
        <translation>Die Seite NAME öffnen: %1 (Standard: overview; mit --screenshot: inventory).</translation>
    </message>
    <message>
        <source>The screenshot&apos;s size in pixels (default: 1440x900).</source>
        <translation>Die Größe des Bildschirmfotos in Pixeln (Standard: 1440x900).</translation>
    </message>
    <message>
        <source>--screenshot needs a file name.</source>
        <translation>--screenshot braucht einen Dateinamen.</translation>
    </message>
    <message>
        <source>Unknown page &quot;%1&quot;; the pages are: %2.</source>
        <translation>Unbekannte Seite „%1“; die Seiten sind: %2.</translation>
    </message>
    <message>
        <source>--size wants WIDTHxHEIGHT between 320x240 and 7680x4320, not &quot;%1&quot;.</source>
        <translation>--size erwartet BREITExHÖHE zwischen 320x240 und 7680x4320, nicht „%1“.</translation>
    </message>
    <message>
        <source>Mandate</source>
        <translation>Mandate</translation>
    </message>
    <message>
        <source>There is no store at %1.
Create a demo store with: mandatectl demo --db &quot;%1&quot;</source>
        <translation>Unter %1 gibt es keinen Speicher.
Einen Demo-Speicher legt an: mandatectl demo --db &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Cannot open the store %1: %2</source>
        <translation>Der Speicher %1 lässt sich nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Cannot write the screenshot to %1.</source>
        <translation>Das Bildschirmfoto lässt sich nicht nach %1 schreiben.</translation>
    </message>
    <message>
        <source>The page did not show its data within %1 s; the screenshot %2 shows what was there.</source>
        <translation>Die Seite hat ihre Daten nicht innerhalb von %1 s angezeigt; das Bildschirmfoto %2 zeigt den Stand davor.</translation>
    </message>
    <message>
        <source>Use the demo store, with simulated live traffic.</source>
        <translation>Den Demo-Speicher verwenden, mit simuliertem Live-Verkehr.</translation>
    </message>
    <message>
        <source>--pace wants a number from 0.1 to 20, not &quot;%1&quot;.</source>
        <translation>--pace erwartet eine Zahl von 0,1 bis 20, nicht „%1“.</translation>
    </message>
    <message>
        <source>With --demo: the pace of the simulated traffic, 0.1 to 20 (default: 1, a new delegation every five seconds or so).</source>
        <translation>Mit --demo: das Tempo des simulierten Verkehrs, 0,1 bis 20 (Standard: 1, etwa alle fünf Sekunden eine neue Delegation).</translation>
    </message>
    <message>
        <source>With --screenshot --page delegations: open the revoke dialog on the tree shown, and render it with its blast radius.</source>
        <translation>Mit --screenshot --page delegations: den Widerrufsdialog für den gezeigten Baum öffnen und mit seiner Reichweite zeichnen.</translation>
    </message>
</context>
<context>
    <name>mandate::ui::AgentDetailsPane</name>
    <message>
        <source>%1 risk</source>
        <translation>Risiko %1</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>The owner is not in the store: this agent needs a new owner.</source>
        <translation>Der Eigentümer ist nicht im Speicher: Dieser Agent braucht einen neuen Eigentümer.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No sponsors besides the owner.</source>
        <translation>Keine Fürsprecher außer dem Eigentümer.</translation>
    </message>
    <message>
        <source>Scope ceiling (%L1)</source>
        <translation>Berechtigungsobergrenze (%L1)</translation>
    </message>
    <message numerus="yes">
        <source>%L1 of %Ln scope(s) used in the last 30 days.</source>
        <translation>
            <numerusform>%L1 von %Ln Berechtigung in den letzten 30 Tagen genutzt.</numerusform>
            <numerusform>%L1 von %Ln Berechtigungen in den letzten 30 Tagen genutzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Used in the last 30 days</source>
        <translation>In den letzten 30 Tagen genutzt</translation>
    </message>
    <message>
        <source>Not used in the last 30 days</source>
        <translation>In den letzten 30 Tagen nicht genutzt</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>Letzte Sitzungen</translation>
    </message>
    <message>
        <source>Select an agent to see its details.</source>
        <translation>Wählen Sie einen Agenten aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>SPIFFE ID</source>
        <translation>SPIFFE-ID</translation>
    </message>
    <message>
        <source>Agent ID</source>
        <translation>Agenten-ID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeitumgebung</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Last active</source>
        <translation>Zuletzt aktiv</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>Sponsors</source>
        <translation>Fürsprecher</translation>
    </message>
    <message>
        <source>Scope ceiling</source>
        <translation>Berechtigungsobergrenze</translation>
    </message>
    <message>
        <source>No sessions yet.</source>
        <translation>Noch keine Sitzungen.</translation>
    </message>
    <message>
        <source>For %1 · depth %2 · issued %3</source>
        <translation>Für %1 · Tiefe %2 · ausgestellt %3</translation>
    </message>
    <message>
        <source>On behalf of %1 (%2)
Issued %3
Expires %4</source>
        <translation>Im Auftrag von %1 (%2)
Ausgestellt %3
Läuft ab %4</translation>
    </message>
</context>
<context>
    <name>mandate::ui::AgentFilterBar</name>
    <message>
        <source>Search name, owner, purpose, model</source>
        <translation>Name, Eigentümer, Zweck, Modell suchen</translation>
    </message>
    <message>
        <source>Words match the start of words in the name, owner, purpose and model (Ctrl+F).</source>
        <translation>Suchwörter passen auf Wortanfänge in Name, Eigentümer, Zweck und Modell (Strg+F).</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Risk</source>
        <translation>&amp;Risiko</translation>
    </message>
    <message>
        <source>O&amp;wner</source>
        <translation>&amp;Eigentümer</translation>
    </message>
    <message>
        <source>&amp;Hygiene</source>
        <translation>&amp;Hygiene</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Stillgelegt</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Departed</source>
        <translation>Ausgeschieden</translation>
    </message>
    <message>
        <source>Owner gone</source>
        <translation>Eigentümer weg</translation>
    </message>
    <message>
        <source>Dormant (30 days)</source>
        <translation>Ruhend (30 Tage)</translation>
    </message>
    <message>
        <source>Over-scoped</source>
        <translation>Zu weit berechtigt</translation>
    </message>
    <message>
        <source>Owner gone: the owner is disabled or has left.
Dormant: no session in the last 30 days.
Over-scoped: a ceiling of 4 or more scopes, at most a quarter of them used in 30 days.</source>
        <translation>Eigentümer weg: Der Eigentümer ist deaktiviert oder ausgeschieden.
Ruhend: keine Sitzung in den letzten 30 Tagen.
Zu weit berechtigt: eine Obergrenze von 4 oder mehr Berechtigungen, von denen höchstens ein Viertel in 30 Tagen genutzt wurde.</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Choose the columns to show</source>
        <translation>Anzuzeigende Spalten auswählen</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation>Weg</translation>
    </message>
    <message>
        <source>Disabled or departed</source>
        <translation>Deaktiviert oder ausgeschieden</translation>
    </message>
</context>
<context>
    <name>mandate::ui::AgentTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeitumgebung</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>Ceiling</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Last active</source>
        <translation>Zuletzt aktiv</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>The most scopes the agent may ever hold. This column cannot be sorted.</source>
        <translation>Die Berechtigungen, die der Agent höchstens je halten darf. Nach dieser Spalte kann nicht sortiert werden.</translation>
    </message>
    <message>
        <source>When the agent last started a session.</source>
        <translation>Wann der Agent zuletzt eine Sitzung begonnen hat.</translation>
    </message>
    <message>
        <source>%1 (used in the last 30 days)</source>
        <translation>%1 (in den letzten 30 Tagen genutzt)</translation>
    </message>
    <message>
        <source>%1 (not used in the last 30 days)</source>
        <translation>%1 (in den letzten 30 Tagen nicht genutzt)</translation>
    </message>
</context>
<context>
    <name>mandate::ui::DelegationGraph</name>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>for %1</source>
        <translation>für %1</translation>
    </message>
    <message>
        <source>depth %1</source>
        <translation>Tiefe %1</translation>
    </message>
    <message>
        <source>all scopes kept</source>
        <translation>alle Scopes behalten</translation>
    </message>
    <message>
        <source>Removed at this hop: %1</source>
        <translation>An dieser Stufe entfernt: %1</translation>
    </message>
    <message>
        <source>Delegation tree</source>
        <translation>Delegationsbaum</translation>
    </message>
</context>
<context>
    <name>mandate::ui::DelegationsPage</name>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message>
        <source>The busiest live delegation trees</source>
        <translation>Die aktivsten laufenden Delegationsbäume</translation>
    </message>
    <message>
        <source>Delegated by %1</source>
        <translation>Delegiert von %1</translation>
    </message>
    <message>
        <source>Trees with the agent %1</source>
        <translation>Bäume mit dem Agenten %1</translation>
    </message>
    <message>
        <source>The tree of session %1</source>
        <translation>Der Baum der Sitzung %1</translation>
    </message>
    <message>
        <source>no sessions</source>
        <translation>keine Sitzungen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>On behalf of</source>
        <translation>Im Auftrag von</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>root (delegated by a person)</source>
        <translation>Wurzel (von einer Person delegiert)</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Scopes</translation>
    </message>
    <message>
        <source>Struck through: held by the parent, narrowed away here.</source>
        <translation>Durchgestrichen: beim Elternteil vorhanden, hier weggenommen.</translation>
    </message>
    <message>
        <source>Decisions and events</source>
        <translation>Entscheidungen und Ereignisse</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Export the graph as SVG</source>
        <translation>Graph als SVG exportieren</translation>
    </message>
    <message>
        <source>Export the graph as PNG</source>
        <translation>Graph als PNG exportieren</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 lässt sich nicht schreiben.</translation>
    </message>
    <message>
        <source>Find a person, an agent or a session id, then Enter (Ctrl+F)</source>
        <translation>Person, Agent oder Sitzungs-ID suchen, dann Eingabe (Strg+F)</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Rest</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Vergrößern (Strg++)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Verkleinern (Strg+-)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the tree in the view (Ctrl+0)</source>
        <translation>Den Baum in die Ansicht einpassen (Strg+0)</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren …</translation>
    </message>
    <message>
        <source>Save the graph as a PNG image (Ctrl+E)</source>
        <translation>Den Graphen als PNG-Bild speichern (Strg+E)</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>SVG exportieren …</translation>
    </message>
    <message>
        <source>Save the graph as an SVG drawing (Ctrl+Shift+E)</source>
        <translation>Den Graphen als SVG-Zeichnung speichern (Strg+Umschalt+E)</translation>
    </message>
    <message>
        <source>Revoke subtree…</source>
        <translation>Teilbaum widerrufen …</translation>
    </message>
    <message>
        <source>Revoke the selected session and everything below it (Del)</source>
        <translation>Die gewählte Sitzung und alles darunter widerrufen (Entf)</translation>
    </message>
    <message>
        <source>Revoke every session of this node&apos;s agent…</source>
        <translation>Jede Sitzung des Agenten dieses Knotens widerrufen …</translation>
    </message>
    <message>
        <source>Revoke everything this node&apos;s person delegated…</source>
        <translation>Alles widerrufen, was die Person dieses Knotens delegiert hat …</translation>
    </message>
    <message>
        <source>Revoke this session and everything below it…</source>
        <translation>Diese Sitzung und alles darunter widerrufen …</translation>
    </message>
</context>
<context>
    <name>mandate::ui::ErrorBanner</name>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>mandate::ui::InventoryPage</name>
    <message>
        <source>counting…</source>
        <translation>wird gezählt …</translation>
    </message>
    <message numerus="yes">
        <source>%Ln agent(s)</source>
        <translation>
            <numerusform>%Ln Agent</numerusform>
            <numerusform>%Ln Agenten</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading agents…</source>
        <translation>Agenten werden geladen …</translation>
    </message>
    <message>
        <source>No agents are registered yet.</source>
        <translation>Es sind noch keine Agenten registriert.</translation>
    </message>
    <message>
        <source>No agents match these filters.</source>
        <translation>Keine Agenten passen zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Revoke sessions…</source>
        <translation>Sitzungen widerrufen …</translation>
    </message>
    <message>
        <source>Suspend…</source>
        <translation>Sperren …</translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation>Fortsetzen …</translation>
    </message>
    <message>
        <source>Retire…</source>
        <translation>Stilllegen …</translation>
    </message>
    <message>
        <source>Revoke every live session of the selected agent (Del)</source>
        <translation>Alle laufenden Sitzungen des gewählten Agenten widerrufen (Entf)</translation>
    </message>
    <message>
        <source>Suspend the selected agent and revoke its sessions (Ctrl+Shift+S)</source>
        <translation>Den gewählten Agenten sperren und seine Sitzungen widerrufen (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Let the selected agent work again (Ctrl+Shift+R)</source>
        <translation>Den gewählten Agenten wieder arbeiten lassen (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>Retire the selected agent for good and revoke its sessions (Ctrl+Shift+T)</source>
        <translation>Den gewählten Agenten endgültig stilllegen und seine Sitzungen widerrufen (Strg+Umschalt+T)</translation>
    </message>
</context>
<context>
    <name>mandate::ui::Labels</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Stillgelegt</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>human</comment>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Disabled</source>
        <comment>human</comment>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Departed</source>
        <comment>human</comment>
        <translation>Ausgeschieden</translation>
    </message>
    <message>
        <source>Active</source>
        <comment>session</comment>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Expired</source>
        <comment>session</comment>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Revoked</source>
        <comment>session</comment>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>The owner&apos;s account is disabled: nobody is accountable for this agent.</source>
        <translation>Das Konto des Eigentümers ist deaktiviert: Niemand ist für diesen Agenten verantwortlich.</translation>
    </message>
    <message>
        <source>The owner has left the organisation: this agent needs a new owner.</source>
        <translation>Der Eigentümer hat die Organisation verlassen: Dieser Agent braucht einen neuen Eigentümer.</translation>
    </message>
</context>
<context>
    <name>mandate::ui::LiveSessionModel</name>
    <message>
        <source>root</source>
        <translation>Wurzel</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>On behalf of</source>
        <translation>Im Auftrag von</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Scopes</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Last action</source>
        <translation>Letzte Aktion</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>started by a person</source>
        <translation>von einer Person gestartet</translation>
    </message>
    <message>
        <source>started by its parent</source>
        <translation>von der Elternsitzung gestartet</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>needs approval</source>
        <translation>braucht Freigabe</translation>
    </message>
</context>
<context>
    <name>mandate::ui::MainWindow</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln human(s)</source>
        <translation>
            <numerusform>%Ln Mensch</numerusform>
            <numerusform>%Ln Menschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln agent(s)</source>
        <translation>
            <numerusform>%Ln Agent</numerusform>
            <numerusform>%Ln Agenten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln active session(s)</source>
        <translation>
            <numerusform>%Ln aktive Sitzung</numerusform>
            <numerusform>%Ln aktive Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pending approval(s)</source>
        <translation>
            <numerusform>%Ln offene Freigabe</numerusform>
            <numerusform>%Ln offene Freigaben</numerusform>
        </translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>mandate::ui::OverviewPage</name>
    <message>
        <source>Active sessions</source>
        <translation>Aktive Sitzungen</translation>
    </message>
    <message>
        <source>running right now</source>
        <translation>laufen gerade</translation>
    </message>
    <message>
        <source>Agents active today</source>
        <translation>Heute aktive Agenten</translation>
    </message>
    <message>
        <source>since midnight UTC</source>
        <translation>seit Mitternacht UTC</translation>
    </message>
    <message>
        <source>Decisions per minute</source>
        <translation>Entscheidungen pro Minute</translation>
    </message>
    <message>
        <source>%1 allow · %2 deny · %3 step-up</source>
        <translation>%1 erlaubt · %2 abgelehnt · %3 Freigabe</translation>
    </message>
    <message>
        <source>Pending approvals</source>
        <translation>Offene Freigaben</translation>
    </message>
    <message>
        <source>step-ups awaiting a person</source>
        <translation>Freigaben warten auf eine Person</translation>
    </message>
    <message>
        <source>Ownerless agents</source>
        <translation>Agenten ohne Besitzer</translation>
    </message>
    <message>
        <source>owner disabled or left</source>
        <translation>Besitzer deaktiviert oder gegangen</translation>
    </message>
    <message>
        <source>Dormant agents</source>
        <translation>Ruhende Agenten</translation>
    </message>
    <message>
        <source>idle for 30 days</source>
        <translation>seit 30 Tagen untätig</translation>
    </message>
    <message>
        <source>Over-scoped agents</source>
        <translation>Überberechtigte Agenten</translation>
    </message>
    <message>
        <source>use little of their ceiling</source>
        <translation>nutzen wenig von ihrer Obergrenze</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>&amp;15 min</source>
        <translation>&amp;15 Min.</translation>
    </message>
    <message>
        <source>1 &amp;hour</source>
        <translation>1 &amp;Stunde</translation>
    </message>
    <message>
        <source>&amp;24 hours</source>
        <translation>&amp;24 Stunden</translation>
    </message>
    <message>
        <source>&amp;7 days</source>
        <translation>&amp;7 Tage</translation>
    </message>
    <message>
        <source>Tokens issued per minute</source>
        <translation>Ausgestellte Tokens pro Minute</translation>
    </message>
    <message>
        <source>Agents denied most</source>
        <translation>Am häufigsten abgelehnte Agenten</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Erlaubt</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Step-up</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Denials</source>
        <translation>Ablehnungen</translation>
    </message>
</context>
<context>
    <name>mandate::ui::Pages</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Inventar</translation>
    </message>
    <message>
        <source>Delegations</source>
        <translation>Delegationen</translation>
    </message>
    <message>
        <source>Live sessions</source>
        <translation>Laufende Sitzungen</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Activity, decisions and the alerts that need attention.</source>
        <translation>Aktivität, Entscheidungen und die Warnungen, die Aufmerksamkeit brauchen.</translation>
    </message>
    <message>
        <source>Every registered agent with its owner, risk, scope ceiling and activity.</source>
        <translation>Jeder registrierte Agent mit Eigentümer, Risiko, Berechtigungsobergrenze und Aktivität.</translation>
    </message>
    <message>
        <source>Who delegated what to which agent, and how scopes narrowed down the chain.</source>
        <translation>Wer was an welchen Agenten delegiert hat und wie sich die Berechtigungen entlang der Kette verengen.</translation>
    </message>
    <message>
        <source>Agent sessions running now, with the time they have left.</source>
        <translation>Jetzt laufende Agentensitzungen mit ihrer verbleibenden Zeit.</translation>
    </message>
    <message>
        <source>Step-up requests waiting for a human&apos;s decision.</source>
        <translation>Step-up-Anfragen, die auf die Entscheidung eines Menschen warten.</translation>
    </message>
    <message>
        <source>The rules that decide which scopes an agent session may hold.</source>
        <translation>Die Regeln, die entscheiden, welche Berechtigungen eine Agentensitzung halten darf.</translation>
    </message>
    <message>
        <source>The hash-chained record of every decision and every change.</source>
        <translation>Die per Hash verkettete Aufzeichnung jeder Entscheidung und jeder Änderung.</translation>
    </message>
    <message>
        <source>Connection, appearance and language.</source>
        <translation>Verbindung, Darstellung und Sprache.</translation>
    </message>
</context>
<context>
    <name>mandate::ui::PlaceholderPage</name>
    <message>
        <source>Charts of sessions, decisions and step-up requests over time, and the alerts that need attention: agents whose owner has left, over-scoped ceilings, bursts of denials.</source>
        <translation>Diagramme der Sitzungen, Entscheidungen und Step-up-Anfragen im Zeitverlauf und die Warnungen, die Aufmerksamkeit brauchen: Agenten ohne Eigentümer, zu weite Obergrenzen, gehäufte Ablehnungen.</translation>
    </message>
    <message>
        <source>The delegation trees of agent sessions, as a tree and as a graph: who delegated which task to which sub-agent, and which scopes were dropped at each step.</source>
        <translation>Die Delegationsbäume der Agentensitzungen als Baum und als Graph: wer welche Aufgabe an welchen Sub-Agenten delegiert hat und welche Berechtigungen bei jedem Schritt weggefallen sind.</translation>
    </message>
    <message>
        <source>Agent sessions as they start, delegate and expire, with the time each has left, and revocation of a session, an agent or everything a human delegated after seeing what it would affect.</source>
        <translation>Agentensitzungen, während sie beginnen, delegieren und ablaufen, mit ihrer verbleibenden Zeit, und der Widerruf einer Sitzung, eines Agenten oder aller Delegationen eines Menschen, nachdem Sie gesehen haben, was er betrifft.</translation>
    </message>
    <message>
        <source>Pending step-up requests: who asks, on whose behalf, for what, why the policy asked, and the delegation chain, to approve or deny with a reason.</source>
        <translation>Offene Step-up-Anfragen: wer fragt, in wessen Auftrag, wofür, warum die Richtlinie nachfragt, und die Delegationskette – zum Freigeben oder Ablehnen mit Begründung.</translation>
    </message>
    <message>
        <source>An editor for the policy set with validation, its versions, a what-if simulation of one request, and a replay of recorded decisions before a draft is published.</source>
        <translation>Ein Editor für den Richtliniensatz mit Prüfung, seinen Versionen, einer Was-wäre-wenn-Simulation einer Anfrage und dem Nachspielen aufgezeichneter Entscheidungen, bevor ein Entwurf veröffentlicht wird.</translation>
    </message>
    <message>
        <source>Session timelines, verification of the hash-chained audit trail, and exports as JSON Lines, OCSF and CEF.</source>
        <translation>Zeitleisten der Sitzungen, die Prüfung des per Hash verketteten Prüfprotokolls und Exporte als JSON Lines, OCSF und CEF.</translation>
    </message>
    <message>
        <source>The connection to a local store or a Mandate server, the language, and the console roles of the signed-in user.</source>
        <translation>Die Verbindung zu einem lokalen Speicher oder einem Mandate-Server, die Sprache und die Konsolenrollen des angemeldeten Benutzers.</translation>
    </message>
    <message>
        <source>%1 is coming in a later version</source>
        <translation>%1 kommt in einer späteren Version</translation>
    </message>
    <message>
        <source>This page is not available in this version of Mandate.</source>
        <translation>Diese Seite ist in dieser Version von Mandate nicht verfügbar.</translation>
    </message>
</context>
<context>
    <name>mandate::ui::RevokeDialog</name>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Suspend agent</source>
        <translation>Agent sperren</translation>
    </message>
    <message>
        <source>Resume agent</source>
        <translation>Agent fortsetzen</translation>
    </message>
    <message>
        <source>Retire agent</source>
        <translation>Agent stilllegen</translation>
    </message>
    <message>
        <source>the session “%1” and every sub-agent session below it</source>
        <translation>die Sitzung „%1“ und jede Unteragenten-Sitzung darunter</translation>
    </message>
    <message>
        <source>every live session of the agent %1</source>
        <translation>jede laufende Sitzung des Agenten %1</translation>
    </message>
    <message>
        <source>everything %1 delegated</source>
        <translation>alles, was %1 delegiert hat</translation>
    </message>
    <message>
        <source>the token %1</source>
        <translation>das Token %1</translation>
    </message>
    <message>
        <source>Revoke %1?</source>
        <translation>%1 widerrufen?</translation>
    </message>
    <message>
        <source>Suspend the agent %1? It can start no session until it is resumed, and its live sessions are revoked now.</source>
        <translation>Den Agenten %1 sperren? Bis er fortgesetzt wird, kann er keine Sitzung beginnen, und seine laufenden Sitzungen werden jetzt widerrufen.</translation>
    </message>
    <message>
        <source>Retire the agent %1? A retired agent never works again, and its live sessions are revoked now.</source>
        <translation>Den Agenten %1 stilllegen? Ein stillgelegter Agent arbeitet nie wieder, und seine laufenden Sitzungen werden jetzt widerrufen.</translation>
    </message>
    <message>
        <source>Resume the agent %1? People can delegate to it again.</source>
        <translation>Den Agenten %1 fortsetzen? Personen können wieder an ihn delegieren.</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>of them sub-agent sessions</source>
        <translation>davon Unteragenten-Sitzungen</translation>
    </message>
    <message>
        <source>live tokens</source>
        <translation>gültige Tokens</translation>
    </message>
    <message>
        <source>pending approvals cancelled</source>
        <translation>offene Freigaben storniert</translation>
    </message>
    <message>
        <source>Blast radius (the engine&apos;s dry run)</source>
        <translation>Reichweite (Probelauf der Engine)</translation>
    </message>
    <message>
        <source>Why? The audit trail keeps it with your name.</source>
        <translation>Warum? Das Audit-Protokoll speichert es mit Ihrem Namen.</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>Measuring what this reaches…</source>
        <translation>Reichweite wird gemessen …</translation>
    </message>
    <message>
        <source>Nothing live is reached: every session here has ended already.</source>
        <translation>Nichts Laufendes ist betroffen: Jede Sitzung hier ist bereits beendet.</translation>
    </message>
    <message>
        <source>Each is refused at its next introspection or authorization, on every server sharing this store.</source>
        <translation>Jede wird bei ihrer nächsten Introspektion oder Autorisierung abgewiesen, auf jedem Server dieses Speichers.</translation>
    </message>
</context>
<context>
    <name>mandate::ui::SessionsPage</name>
    <message>
        <source>loading…</source>
        <translation>wird geladen …</translation>
    </message>
    <message numerus="yes">
        <source>%Ln live session(s)</source>
        <translation>
            <numerusform>%Ln laufende Sitzung</numerusform>
            <numerusform>%Ln laufende Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln live session(s)</source>
        <translation>
            <numerusform>%1 von %Ln laufenden Sitzung</numerusform>
            <numerusform>%1 von %Ln laufenden Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter by agent, task, person, scope or session id (Ctrl+F)</source>
        <translation>Nach Agent, Aufgabe, Person, Scope oder Sitzungs-ID filtern (Strg+F)</translation>
    </message>
    <message>
        <source>All depths</source>
        <translation>Alle Tiefen</translation>
    </message>
    <message>
        <source>Root sessions</source>
        <translation>Wurzelsitzungen</translation>
    </message>
    <message>
        <source>Sub-agent sessions</source>
        <translation>Unteragenten-Sitzungen</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Widerrufen …</translation>
    </message>
    <message>
        <source>Revoke the selected session and its sub-agents (Del)</source>
        <translation>Die gewählte Sitzung und ihre Unteragenten widerrufen (Entf)</translation>
    </message>
    <message>
        <source>Delegation tree</source>
        <translation>Delegationsbaum</translation>
    </message>
    <message>
        <source>Show the selected session&apos;s delegation tree (Enter)</source>
        <translation>Den Delegationsbaum der gewählten Sitzung zeigen (Eingabe)</translation>
    </message>
    <message>
        <source>Revoke this session and its sub-agents…</source>
        <translation>Diese Sitzung und ihre Unteragenten widerrufen …</translation>
    </message>
    <message>
        <source>Revoke every session of this agent…</source>
        <translation>Jede Sitzung dieses Agenten widerrufen …</translation>
    </message>
    <message>
        <source>Revoke everything this person delegated…</source>
        <translation>Alles widerrufen, was diese Person delegiert hat …</translation>
    </message>
</context>
<context>
    <name>mandate::ui::SimulationControl</name>
    <message>
        <source>▶ Demo traffic paused</source>
        <translation>▶ Demo-Verkehr pausiert</translation>
    </message>
    <message>
        <source>⏸ Demo traffic live</source>
        <translation>⏸ Demo-Verkehr läuft</translation>
    </message>
    <message>
        <source>Resume the simulated traffic (Ctrl+Shift+P)</source>
        <translation>Den simulierten Verkehr fortsetzen (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Pause the simulated traffic (Ctrl+Shift+P)</source>
        <translation>Den simulierten Verkehr anhalten (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Pace of the simulated traffic</source>
        <translation>Tempo des simulierten Verkehrs</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
</context>
</TS>
