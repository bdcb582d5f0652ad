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
        <source>Use the demo store. (Simulated live traffic arrives in a later version.)</source>
        <translation>Den Demo-Speicher verwenden. (Simulierter Live-Verkehr folgt in einer späteren Version.)</translation>
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
</TS>
