<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="215"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="216"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="217"/>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="218"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="219"/>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="220"/>
        <source>&amp;Export image…</source>
        <translation>&amp;Exporter une image…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="221"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="222"/>
        <source>Default view</source>
        <translation>Vue par défaut</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="223"/>
        <source>Top view</source>
        <translation>Vue de dessus</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="224"/>
        <source>Zoom in</source>
        <translation>Zoom avant</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="225"/>
        <source>Zoom out</source>
        <translation>Zoom arrière</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="226"/>
        <source>&amp;About Maquette</source>
        <translation>À &amp;propos de Maquette</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="227"/>
        <source>Layers</source>
        <translation>Couches</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="228"/>
        <source>Building</source>
        <translation>Bâtiment</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="237"/>
        <location filename="../panels.py" line="228"/>
        <source>Generated demo district — not survey data</source>
        <translation>Quartier de démonstration généré — non issu de relevés</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="307"/>
        <source>Move the cursor over the city to read coordinates</source>
        <translation>Survolez la ville pour lire les coordonnées</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="311"/>
        <source>Sky: no ground under the cursor</source>
        <translation>Ciel : pas de sol sous le curseur</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="315"/>
        <source>X %1  Y %2 (%3)</source>
        <translation>X %1  Y %2 (%3)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="317"/>
        <source>ground %1 m</source>
        <translation>sol %1 m</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="341"/>
        <source>Open a city or project file</source>
        <translation>Ouvrir un fichier de ville ou de projet</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="348"/>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="348"/>
        <location filename="../main_window.py" line="426"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="380"/>
        <source>Opening cancelled: the city shown is unchanged.</source>
        <translation>Ouverture annulée : la ville affichée n’a pas changé.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385"/>
        <source>Coordinate system needed</source>
        <translation>Système de coordonnées requis</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="386"/>
        <source>%1 does not say which coordinate system it uses. Choose it:</source>
        <translation>%1 n’indique pas son système de coordonnées. Choisissez-le :</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395"/>
        <source>Cannot open file</source>
        <translation>Impossible d’ouvrir le fichier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395"/>
        <source>The city shown is unchanged.</source>
        <translation>La ville affichée n’a pas changé.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="400"/>
        <location filename="../main_window.py" line="404"/>
        <source>Export image</source>
        <translation>Exporter une image</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="400"/>
        <source>Images (*.png *.jpg)</source>
        <translation>Images (*.png *.jpg)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="404"/>
        <source>Size in pixels:</source>
        <translation>Taille en pixels :</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="426"/>
        <source>Exporting %1…</source>
        <translation>Export de %1…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="434"/>
        <source>Image exported to %1</source>
        <translation>Image exportée dans %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="436"/>
        <source>Export cancelled.</source>
        <translation>Export annulé.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="439"/>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="456"/>
        <source>About Maquette</source>
        <translation>À propos de Maquette</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="458"/>
        <source>&lt;h3&gt;Maquette %1&lt;/h3&gt;&lt;p&gt;A 3D model of Paris for urban planning and public consultation.&lt;/p&gt;&lt;p&gt;Working coordinate system: Lambert-93 (EPSG:2154).&lt;/p&gt;&lt;p&gt;The default district is generated by Maquette's own code at the location of the Clichy-Batignolles redevelopment zone: it is a demonstration, not survey data.&lt;/p&gt;&lt;p&gt;Built with Qt (PySide6), VTK, PyVista, pyproj, numpy.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Maquette %1&lt;/h3&gt;&lt;p&gt;Une maquette 3D de Paris pour l’urbanisme et la concertation publique.&lt;/p&gt;&lt;p&gt;Système de coordonnées de travail : Lambert-93 (EPSG:2154).&lt;/p&gt;&lt;p&gt;Le quartier par défaut est généré par le code de Maquette à l’emplacement de la ZAC Clichy-Batignolles : c’est une démonstration, pas des données de relevé.&lt;/p&gt;&lt;p&gt;Réalisé avec Qt (PySide6), VTK, PyVista, pyproj, numpy.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../panels.py" line="32"/>
        <source>Buildings</source>
        <translation>Bâtiments</translation>
    </message>
    <message>
        <location filename="../panels.py" line="33"/>
        <source>Ground and streets</source>
        <translation>Sol et rues</translation>
    </message>
    <message>
        <location filename="../panels.py" line="34"/>
        <source>Trees</source>
        <translation>Arbres</translation>
    </message>
    <message>
        <location filename="../panels.py" line="35"/>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <location filename="../panels.py" line="74"/>
        <source>Opacity of the layer</source>
        <translation>Opacité de la couche</translation>
    </message>
    <message>
        <location filename="../panels.py" line="148"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../panels.py" line="149"/>
        <source>Use</source>
        <translation>Usage</translation>
    </message>
    <message>
        <location filename="../panels.py" line="141"/>
        <location filename="../panels.py" line="150"/>
        <source>Storeys</source>
        <translation>Niveaux</translation>
    </message>
    <message>
        <location filename="../panels.py" line="140"/>
        <location filename="../panels.py" line="151"/>
        <source>Height (m)</source>
        <translation>Hauteur (m)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="139"/>
        <location filename="../panels.py" line="152"/>
        <source>Construction year</source>
        <translation>Année de construction</translation>
    </message>
    <message>
        <location filename="../panels.py" line="36"/>
        <source>Point clouds</source>
        <translation>Nuages de points</translation>
    </message>
    <message>
        <location filename="../panels.py" line="37"/>
        <source>Orthophotos</source>
        <translation>Orthophotos</translation>
    </message>
    <message>
        <location filename="../panels.py" line="38"/>
        <source>Rasters (NDVI, heights)</source>
        <translation>Rasters (NDVI, hauteurs)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="115"/>
        <source>Colour buildings by</source>
        <translation>Colorer les bâtiments selon</translation>
    </message>
    <message>
        <location filename="../panels.py" line="138"/>
        <source>Natural colours</source>
        <translation>Couleurs naturelles</translation>
    </message>
    <message>
        <location filename="../panels.py" line="153"/>
        <source>Roof</source>
        <translation>Toiture</translation>
    </message>
    <message>
        <location filename="../panels.py" line="154"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../panels.py" line="197"/>
        <source>Identifier</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location filename="../panels.py" line="202"/>
        <source>Footprint area (m²)</source>
        <translation>Emprise au sol (m²)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="203"/>
        <source>Roof area (m²)</source>
        <translation>Surface de toiture (m²)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="204"/>
        <source>Facade area (m²)</source>
        <translation>Surface de façade (m²)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="207"/>
        <source>Centre (%1)</source>
        <translation>Centre (%1)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="222"/>
        <source>No building selected. Click a building in the 3D view.</source>
        <translation>Aucun bâtiment sélectionné. Cliquez sur un bâtiment dans la vue 3D.</translation>
    </message>
    <message>
        <location filename="../panels.py" line="225"/>
        <source>Building %1</source>
        <translation>Bâtiment %1</translation>
    </message>
    <message>
        <location filename="../panels.py" line="234"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location filename="../panels.py" line="234"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
</context>
</TS>